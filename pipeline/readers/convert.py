"""Legacy Word (.doc, .wps, .rtf) through LibreOffice headless, then the .docx reader.

Each conversion runs in its own temporary folder with its own LibreOffice profile
(-env:UserInstallation), so parallel workers never share a profile lock; it is killed
(with its whole process group) after the conversion time limit, and the folder is removed
afterwards whatever happened. Without LibreOffice the file is quarantined with a reason
that says how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.config import SOFFICE_ENV, SOFFICE_NAMES, limits
from pipeline.models import Document
from pipeline.readers import ReadError

NO_LIBREOFFICE = (
    "未安装 LibreOffice，无法读取旧版 Word 文件；请安装 LibreOffice "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui 或 libreoffice-core) "
    "install LibreOffice to read legacy Word files "
    "(apt-get install libreoffice-writer-nogui / libreoffice-core)"
)


def soffice_path() -> str | None:
    """The LibreOffice executable: $BUDGETPERF_SOFFICE, else soffice/libreoffice on PATH."""
    given = os.environ.get(SOFFICE_ENV)
    if given is not None:
        return shutil.which(given) or (given if Path(given).is_file() else None)
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(src: Path, target: str, outdir: Path, timeout: float | None = None) -> Path:
    """Convert `src` to `target` (docx, pdf, doc, html …) into outdir; ReadError on failure."""
    exe = soffice_path()
    if exe is None:
        raise ReadError(f"{NO_LIBREOFFICE}: {src.name}")
    timeout = limits().convert_seconds if timeout is None else timeout
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    # A copy under a plain name: LibreOffice picks its import filter by content, and odd
    # names (spaces, a wrong suffix) then cannot confuse the output name.
    work = outdir / f"in{src.suffix.lower() or '.bin'}"
    shutil.copyfile(src, work)
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(work),
    ]
    try:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so a kill takes every child
            preexec_fn=_die_with_parent,
        )
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReadError(
                f"转换超时（{timeout:g} 秒） conversion timed out after {timeout:g} s: {src.name}"
            ) from None
        except BaseException:  # the file's own time limit, or an interrupt: no orphan left
            _kill(proc)
            raise
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":", 1)[0]
    out = outdir / f"in.{ext}"
    if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
        detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ReadError(
            f"LibreOffice 无法转换（文件损坏、加密或格式不支持） conversion failed "
            f"(corrupt, password-protected or unsupported): {src.name} {detail[0]}".strip()
        )
    return out


def convert_batch(
    sources: list[Path], target: str, outdir: Path, timeout: float = 600
) -> list[Path]:
    """Convert many files in one LibreOffice run (one start-up); for generators and tests."""
    exe = soffice_path()
    if exe is None:
        raise ReadError(NO_LIBREOFFICE)
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":", 1)[0]
    return [outdir / f"{s.stem}.{ext}" for s in sources]


def _die_with_parent() -> None:
    """In the converter's process: be killed when the extraction worker that started it dies
    (Linux prctl PR_SET_PDEATHSIG); a worker killed for its time or memory leaves no orphan."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()


def read_legacy_word(path: str | Path, fmt: str = "doc") -> Document:
    """Read a .doc/.wps/.rtf by converting it to .docx with LibreOffice."""
    from pipeline.readers.docx import read_docx
    from pipeline.readers.guards import check_file_size

    p = Path(path)
    check_file_size(p)
    with tempfile.TemporaryDirectory(prefix="lo-convert-") as tmp:
        out = convert(p, "docx:MS Word 2007 XML", Path(tmp))
        doc = read_docx(out)
    doc.path = str(p)
    doc.encoding = f"{fmt}→docx"
    return doc
