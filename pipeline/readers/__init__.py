"""Readers turn a file into a normalized Document (text) or cell grid (workbooks)."""

from __future__ import annotations

from pathlib import Path

from pipeline.models import Document


class ReadError(Exception):
    """A file that cannot be read; the message says why, in Chinese and English."""


def read_document(path: str | Path) -> Document:
    """Read a .txt or .docx file into a normalized Document."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".txt":
        from pipeline.readers.text import read_text

        return read_text(p)
    if suffix == ".docx":
        from pipeline.readers.docx import read_docx

        return read_docx(p)
    raise ReadError(f"不支持的文档类型 unsupported document type: {suffix}")
