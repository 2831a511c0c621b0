"""What the raw-folder sensor remembers between ticks: a short cursor, and per-file state on disk.

The cursor Dagster stores (and shows in the UI) is a few dozen characters: the number of runs
requested so far, a digest of every (path, SHA-256) seen, and the number of files. The digest
alone decides whether anything changed. The per-file state (size, mtime, hash) lives in a
small JSON file in the Dagster instance's folder; it only saves re-hashing unchanged files
and lets the run's tags say how many files changed. Losing it costs one re-hash, never a
missed or repeated run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from pipeline.atomic import atomic_path
from pipeline.inventory import FileState

#: Sub-folder of the Dagster instance folder (DAGSTER_HOME) that holds the per-file state.
STATE_FOLDER = "raw_folder_sensor"


@dataclass(frozen=True)
class SensorCursor:
    """The sensor's cursor: runs requested so far, digest of the folder seen, how many files."""

    sequence: int = 0
    digest: str = ""
    files: int = 0


def folder_digest(states: dict[str, FileState]) -> str:
    """A short digest of every (path, content hash) in a scan; equal digests mean nothing changed."""
    h = hashlib.sha256()
    for path in sorted(states):
        h.update(f"{path}\0{states[path].sha256}\n".encode())
    return h.hexdigest()[:20]


def encode_cursor(cursor: SensorCursor) -> str:
    """The cursor as compact JSON."""
    return json.dumps(asdict(cursor), separators=(",", ":"))


def decode_cursor(text: str | None) -> tuple[SensorCursor, dict[str, FileState] | None]:
    """(cursor, per-file states of an older full cursor if that is what was stored)."""
    if not text:
        return SensorCursor(), None
    try:
        data = json.loads(text)
        if isinstance(data.get("files"), dict):
            # the earlier cursor held every file's state: keep using it once, then switch
            states = {p: FileState(**s) for p, s in data["files"].items()}
            seq = int(data["sequence"])
            return SensorCursor(seq, folder_digest(states), len(states)), states
        return SensorCursor(int(data["sequence"]), str(data["digest"]), int(data["files"])), None
    except (ValueError, TypeError, KeyError, AttributeError):
        return SensorCursor(), None


def state_file(state_dir: str | Path, raw_root: str | Path) -> Path:
    """The per-file state of one drop folder inside state_dir (one file per folder watched)."""
    key = hashlib.sha256(str(Path(raw_root).resolve()).encode()).hexdigest()[:12]
    return Path(state_dir) / STATE_FOLDER / f"{key}.json"


def load_states(path: Path | None) -> dict[str, FileState]:
    """Per-file states saved by the last tick; empty when missing or unreadable."""
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {p: FileState(**s) for p, s in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save_states(path: Path | None, states: dict[str, FileState], raw_root: str | Path) -> None:
    """Write the states atomically (a crash leaves the old file or the new one, never half)."""
    if path is None:
        return
    payload = {"raw_dir": str(raw_root), "files": {p: asdict(s) for p, s in sorted(states.items())}}
    with atomic_path(path, prefix=".state-", shared=False) as tmp:
        Path(tmp).write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
