"""Regenerate raw/wujialing_2022_seed.docx from the real seed text (headings as Heading styles).

usage: python scripts/make_seed_docx.py [SOURCE.txt] [TARGET.docx]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "raw" / "wujialing_2022_seed.txt"
TARGET = ROOT / "raw" / "wujialing_2022_seed.docx"

# Heading levels by numbering style, as the report writes them (its numbering is broken
# on purpose: the .docx keeps the text exactly as the real report has it).
_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+、")),
    (2, re.compile(r"^（[一二三四五六七八九十]+）")),
    (2, re.compile(r"^（\d+）\s")),
    (2, re.compile(r"^\d、\s")),
    (3, re.compile(r"^\d\.[^\d]")),
)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def heading_level(line: str) -> int | None:
    """Heading level of a line of the seed, or None for body text."""
    if len(line) > 45 and not line.startswith("（2）"):
        return None
    if line.endswith("。") or "：" in line[:-1]:
        return None
    for level, rx in _LEVELS:
        if rx.match(line):
            return level
    return None


def _font(style, size: float, east_asia: str = "仿宋") -> None:
    style.font.size = Pt(size)
    style.font.name = "Times New Roman"
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def build(source: Path, target: Path) -> Path:
    """Write the .docx for the seed text and return its path."""
    lines = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines()]
    lines = [_BOOKMARK.sub("", ln) for ln in lines if ln.strip()]
    doc = Document()
    _font(doc.styles["Normal"], 14)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _font(doc.styles[name], 16, "黑体")
    # The first two lines are the title, as in the delivered report.
    for line in lines[:2]:
        p = doc.add_paragraph(line, style="Title")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in lines[2:]:
        level = heading_level(line)
        if level is None:
            p = doc.add_paragraph(line)
            p.paragraph_format.first_line_indent = Pt(28)
        else:
            doc.add_heading(line, level=level)
    doc.core_properties.title = "".join(lines[:2])
    doc.core_properties.author = "伍家岭街道办事处"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    return target


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else TARGET
    print(build(src, dst))
