"""What is in the drop folder: document files, their sizes, times and content hashes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.config import IGNORED_PREFIXES
from pipeline.hashing import file_sha256


@dataclass(frozen=True)
class FileState:
    """One file version seen in the drop folder."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


def list_documents(raw_dir: str | Path) -> list[Path]:
    """Files under raw_dir that may be documents (editor lock files and hidden files skipped)."""
    root = Path(raw_dir)
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not any(part.startswith(IGNORED_PREFIXES) for part in p.relative_to(root).parts)
    )


def scan(raw_dir: str | Path, known: dict[str, FileState] | None = None) -> dict[str, FileState]:
    """Current state of every document; re-hashes only files whose size or mtime changed."""
    known = known or {}
    states: dict[str, FileState] = {}
    for p in list_documents(raw_dir):
        st = p.stat()
        key = str(p)
        prev = known.get(key)
        if prev and prev.size == st.st_size and prev.mtime_ns == st.st_mtime_ns:
            states[key] = prev
        else:
            states[key] = FileState(key, st.st_size, st.st_mtime_ns, file_sha256(p))
    return states


def changed_files(
    current: dict[str, FileState], previous: dict[str, FileState]
) -> tuple[list[str], list[str]]:
    """(new or changed paths, removed paths) between two scans, compared by content hash."""
    changed = sorted(
        path
        for path, state in current.items()
        if path not in previous or previous[path].sha256 != state.sha256
    )
    removed = sorted(set(previous) - set(current))
    return changed, removed


def encode_cursor(states: dict[str, FileState], sequence: int = 0) -> str:
    """Serialize a scan, with the number of runs requested so far, for a sensor cursor."""
    files = {p: asdict(s) for p, s in sorted(states.items())}
    return json.dumps({"sequence": sequence, "files": files}, ensure_ascii=False)


def decode_cursor(cursor: str | None) -> tuple[dict[str, FileState], int]:
    """(files seen, runs requested so far); an empty or foreign cursor means nothing seen yet."""
    if not cursor:
        return {}, 0
    try:
        data = json.loads(cursor)
        return {p: FileState(**s) for p, s in data["files"].items()}, int(data["sequence"])
    except (ValueError, TypeError, KeyError):
        return {}, 0
