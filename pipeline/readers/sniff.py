"""What a file's bytes are (pdf, docx, xls, html …), whatever its extension says."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.readers import ReadError

_HEAD = 64 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = {
    b"\x89PNG": "PNG 图片 image",
    b"\xff\xd8\xff": "JPEG 图片 image",
    b"GIF8": "GIF 图片 image",
    b"Rar!": "RAR 压缩包 archive",
    b"7z\xbc\xaf": "7z 压缩包 archive",
    b"\x1f\x8b": "gzip 压缩包 archive",
}
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>/]", re.IGNORECASE)
_MHTML = re.compile(rb"^(?:[\w-]+:[^\n]*\r?\n)*?content-type:\s*multipart/related", re.I | re.M)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: Suffixes of binary formats: their bytes are never plain text (HTML, RTF, CSV may be).
_BINARY_SUFFIXES = (".docx", ".xlsx", ".pdf", ".doc", ".xls", ".wps")


#: fEncrypted in the Word 97 FIB flags (offset 0x0A of the WordDocument stream).
_FIB_ENCRYPTED = 0x0100


def _encrypted(path: Path, what: str) -> ReadError:
    return ReadError(
        f"文件已加密，需要密码（请提供未加密的版本） encrypted or password-protected {what}: "
        f"{path.name}"
    )


def _ole_kind(path: Path, suffix: str) -> str:
    """doc, wps or xls for an OLE2 compound file, from its streams; encrypted ones refused."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
            if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
                raise _encrypted(path, "Office file (.docx/.xlsx in an encrypted container)")
            if "WordDocument" in streams:
                fib = ole.openstream("WordDocument").read(12)
                if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & _FIB_ENCRYPTED:
                    raise _encrypted(path, "Word document")
                # Kingsoft WPS files are Word-like compound files; keep the name the user knows
                return "wps" if suffix == ".wps" else "doc"
            if "Workbook" in streams or "Book" in streams:
                return "xls"
    except ReadError:
        raise
    except Exception as exc:  # olefile raises OSError and its own errors on a damaged file
        raise ReadError(f"OLE 复合文档损坏 corrupt OLE compound file: {path.name}: {exc}") from exc
    raise ReadError(f"未知的 OLE 复合文档 unknown OLE compound file (not .doc/.xls): {path.name}")


def _zip_kind(path: Path) -> str:
    """docx or xlsx for an Office Open XML zip, from its part names."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        if path.suffix.lower() in (".docx", ".xlsx"):
            return path.suffix.lower().lstrip(".")  # its reader says what is wrong with it
        raise ReadError(f"压缩包损坏 corrupt zip container: {path.name}: {exc}") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    raise ReadError(
        f"不支持的压缩包（不是 .docx/.xlsx） unsupported zip (not an Office document): {path.name}"
    )


def _text_kind(head: bytes, suffix: str) -> str:
    """html, mhtml, rtf, csv or txt for a file of text."""
    body = head
    for bom in _BOMS:
        if body.startswith(bom):
            body = body[len(bom) :]
            break
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(body) > 1 and body[1:2] == b"\x00"):
        probe = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
    else:
        probe = body
    if probe.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if _MHTML.search(probe[:4096]) or (suffix in (".mhtml", ".mht") and b"MIME-Version" in probe):
        return "mhtml"
    if _HTML.search(probe[:4096]):
        return "html"
    if suffix in (".csv", ".xls", ".xlsx") and _looks_tabular(probe):
        return "csv"
    return "txt"


def _looks_tabular(probe: bytes) -> bool:
    """Most lines carry the same number (≥ 1) of commas or tabs."""
    lines = [ln for ln in probe.splitlines()[:50] if ln.strip()]
    if len(lines) < 2:
        return False
    for sep in (b",", b"\t", b";"):
        counts = [ln.count(sep) for ln in lines]
        common = max(set(counts), key=counts.count)
        if common >= 1 and counts.count(common) >= 0.6 * len(counts):
            return True
    return False


def sniff(path: str | Path) -> str:
    """The format of a file by its bytes (one of config.SOURCE_FORMATS); ReadError if none."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        with p.open("rb") as fh:
            head = fh.read(_HEAD)
    except OSError as exc:
        raise ReadError(f"无法读取文件 cannot open file: {p}: {exc}") from exc
    if not head.strip():
        raise ReadError(f"空文件 empty file: {p.name}")
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(p)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(p, suffix)
    for magic, kind in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise ReadError(f"不支持的文件类型 unsupported file type ({kind}): {p.name}")
    if b"\x00" in head and not any(head.startswith(b) for b in _BOMS[1:]) and head[1:2] != b"\x00":
        raise ReadError(f"不支持的文件类型 unsupported file type (binary): {p.name}")
    kind = _text_kind(head, suffix)
    if kind == "txt" and suffix in _BINARY_SUFFIXES:
        # plain text under a binary format's name is a damaged file, not a report
        raise ReadError(
            f"文件损坏或不是 {suffix} 文件 corrupt file or not a {suffix}: {p.name} (plain text)"
        )
    return kind
