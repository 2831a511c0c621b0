"""Plain .docx files from text lines (the invented .txt sets as Word documents)."""

from __future__ import annotations

from pathlib import Path


def docx_from_lines(lines: list[str], path: str | Path) -> Path:
    """A .docx with one paragraph per non-empty line."""
    import docx

    d = docx.Document()
    for ln in lines:
        if ln.strip():
            d.add_paragraph(ln)
    d.save(str(path))
    return Path(path)
