"""Frames shown as Markdown in asset and check metadata (the Dagster UI's tables)."""

import dagster as dg
import pandas as pd


def md_table(frame: pd.DataFrame, limit: int = 50) -> dg.MetadataValue:
    """A small frame as Markdown metadata (first `limit` rows)."""
    if frame.empty:
        return dg.MetadataValue.md("（无 none）")
    head = frame.head(limit).astype(object).where(frame.head(limit).notna(), "")
    cells = [[str(v).replace("|", "\\|").replace("\n", " ") for v in row] for row in head.values]
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    if len(frame) > limit:
        lines.append(f"\n… {len(frame) - limit} more rows")
    return dg.MetadataValue.md("\n".join(lines))
