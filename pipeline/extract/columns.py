"""The mapped columns of a table sheet and the blocks they form (what header analysis finds)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import layouts as L


@dataclass
class Column:
    """One mapped column of a table block."""

    index: int
    canonical: str | None
    header: str  # header path as written, joined by '/'


@dataclass
class Block:
    """A group of columns read together (two blocks side by side in some layouts)."""

    columns: list[Column]
    side: str | None = None  # summary tables: revenue / expenditure

    def ident(self, name: str) -> Column | None:
        """The first identity column of that canonical name."""
        return next((c for c in self.columns if c.canonical == name), None)

    @property
    def amounts(self) -> list[Column]:
        """Columns holding amounts."""
        return [c for c in self.columns if c.canonical and c.canonical not in L.IDENTITY_COLUMNS]


@dataclass
class TableGrid:
    """Header analysis of one table sheet."""

    header_rows: list[int]
    data_start: int
    blocks: list[Block]
    unmapped: list[Column]
    problems: list[str] = field(default_factory=list)  # layout doubts, reported as issues
