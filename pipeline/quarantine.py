"""Files the warehouse holds but could not load (quarantined), with the reason, for the UI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.warehouse import run_query


def quarantined_files(db_path: str | Path | None = None) -> pd.DataFrame:
    """Latest versions of files in quarantine (unreadable, unsupported, failed schema): file, reason."""
    return run_query(
        """SELECT file_name, reason, doc_type, path, loaded_at
           FROM source_files
           WHERE is_latest_version AND status = 'quarantined'
           ORDER BY file_name, path""",
        db_path,
    )
