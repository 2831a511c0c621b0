"""Plain-text reader: detects UTF-8 (BOM or not), UTF-16 (BOM) and GB18030/GBK, never mojibake."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.models import Document
from pipeline.normalize import normalize_blocks
from pipeline.readers import ReadError
from pipeline.readers.guards import check_file_size, check_text_length

# Magic numbers of binary formats a .txt sometimes turns out to be.
_BINARY_MAGIC = {
    b"PK\x03\x04": "zip/docx/xlsx",
    b"%PDF": "PDF",
    b"\xd0\xcf\x11\xe0": "OLE (doc/xls)",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
}
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_bytes(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode document bytes; returns (text, encoding) or raises ReadError."""
    if not data.strip():
        raise ReadError(f"空文件 empty file: {name}")
    for magic, kind in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError(f"不是文本文件（{kind}） not a text file ({kind}): {name}")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"无法按 {enc} 解码 cannot decode as {enc}: {name}: {exc}") from exc
    if b"\x00" in data:
        raise ReadError(f"二进制文件 binary file (NUL bytes): {name}")
    # Strict UTF-8 first: GB18030 would accept most UTF-8 byte strings as garbage.
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text, enc
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception:  # the detector is a last resort; its failure means undecodable
        best = None
    if best is not None:
        text = str(best)
        if _plausible(text):
            return text, best.encoding
    raise ReadError(f"无法识别文本编码 cannot decode text (not UTF-8 or GB18030): {name}")


#: Control characters other than \t \n \v \f \r, private-use code points, U+FFFD.
_IMPLAUSIBLE = re.compile("[\x00-\x08\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _plausible(text: str) -> bool:
    """Reject decodings full of control characters or private-use code points."""
    if not text:
        return False
    bad = len(_IMPLAUSIBLE.findall(text))
    return bad / len(text) < 0.01


def read_text(path: str | Path) -> Document:
    """Read a .txt report into a normalized Document (blocks = non-empty normalized lines)."""
    p = Path(path)
    try:
        check_file_size(p)
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法读取文件 cannot read file: {p}: {exc}") from exc
    raw, encoding = decode_bytes(data, str(p))
    check_text_length(raw, p.name)
    blocks = normalize_blocks([raw])
    if not blocks:
        raise ReadError(f"文件无有效文本 no text content after normalization: {p}")
    return Document(
        path=str(p), text="\n".join(blocks), blocks=blocks, encoding=encoding, raw_text=raw
    )
