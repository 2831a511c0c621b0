"""What the Dagster UI shows of a result: frames as Markdown tables, checks that warn."""

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


def warn_check(
    check_name: str, passed: bool, description: str, metadata: dict
) -> dg.AssetCheckResult:
    """A WARN check: amber in the UI, never a failed run (the data is loaded and flagged)."""
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=bool(passed),
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata=metadata,
    )
