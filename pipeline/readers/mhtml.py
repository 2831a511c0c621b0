"""The HTML part of an .mhtml (MIME multipart/related) page, without decoding the rest.

The file is memory-mapped and scanned for part boundaries; only the first text/html part
is decoded, so a giant embedded image costs neither time nor memory.
"""

from __future__ import annotations

import base64
import binascii
import mmap
import quopri
import re
from pathlib import Path

from pipeline.readers import ReadError

_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\r\n]+)"?', re.IGNORECASE)
_CHARSET = re.compile(rb'charset\s*=\s*"?([\w.:-]+)"?', re.IGNORECASE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_HEAD_MAX = 64 * 1024


def _headers(raw: bytes) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    key = None
    for line in raw.splitlines():
        if line[:1] in (b" ", b"\t") and key is not None:
            out[key] += b" " + line.strip()
        elif b":" in line:
            k, v = line.split(b":", 1)
            key = k.strip().lower()
            out[key] = v.strip()
    return out


def html_part(path: Path, max_bytes: int) -> tuple[bytes, str | None]:
    """(decoded bytes of the first text/html part, its charset) of an .mhtml file."""
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        m = _HEADER_END.search(mm, 0, min(len(mm), _HEAD_MAX))
        if m is None:
            raise ReadError(f"MHTML 头部缺失 no MIME header: {path.name}")
        top = _headers(mm[: m.start()])
        b = _BOUNDARY.search(top.get(b"content-type", b""))
        if b is None:
            # a single-part page: the body is the HTML itself
            return _decode(top, mm[m.end() : m.end() + max_bytes + 1], path, max_bytes)
        marker = b"--" + b.group(1).strip()
        pos = mm.find(marker, m.end())
        while pos != -1:
            start = pos + len(marker)
            if mm[start : start + 2] == b"--":
                break
            h = _HEADER_END.search(mm, start, min(len(mm), start + _HEAD_MAX))
            if h is None:
                break
            headers = _headers(mm[start : h.start()])
            nxt = mm.find(marker, h.end())
            end = nxt if nxt != -1 else len(mm)
            if headers.get(b"content-type", b"").lower().startswith(b"text/html"):
                if end - h.end() > max_bytes:
                    raise ReadError(
                        f"网页超过 {max_bytes / 2**20:g} MB page larger than "
                        f"{max_bytes / 2**20:g} MB: {path.name}"
                    )
                return _decode(headers, mm[h.end() : end], path, max_bytes)
            pos = nxt
    raise ReadError(f"MHTML 中没有 HTML 部分 no text/html part in .mhtml: {path.name}")


def _decode(
    headers: dict[bytes, bytes], body: bytes, path: Path, max_bytes: int
) -> tuple[bytes, str | None]:
    if len(body) > max_bytes:
        raise ReadError(f"网页超过 {max_bytes / 2**20:g} MB page too large: {path.name}")
    cte = headers.get(b"content-transfer-encoding", b"").strip().lower()
    try:
        if cte == b"base64":
            body = base64.b64decode(body)
        elif cte == b"quoted-printable":
            body = quopri.decodestring(body)
    except (binascii.Error, ValueError) as exc:
        raise ReadError(f"MHTML 编码错误 bad transfer encoding: {path.name}: {exc}") from exc
    c = _CHARSET.search(headers.get(b"content-type", b""))
    return body, (c.group(1).decode("ascii", "ignore") if c else None)
