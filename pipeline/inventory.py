"""What is in the drop folder: document files, their sizes, times and content hashes.

The folder is a boundary: only regular files inside it are documents. Symbolic links (to
files or folders), hidden files, editor lock files and anything that resolves outside the
folder are never opened, hashed or registered; they are listed as ignored with the reason.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import (
    CORRECTION_SUFFIXES,
    EDITOR_LOCK_PREFIXES,
    EDITOR_LOCK_SUFFIXES,
    HIDDEN_PREFIX,
    corrections_dir,
)
from pipeline.hashing import file_sha256


@dataclass(frozen=True)
class FileState:
    """One file version seen in the drop folder."""

    path: str
    size: int
    mtime_ns: int
    sha256: str


@dataclass(frozen=True)
class Ignored:
    """An entry of the drop folder that is not read, and why."""

    path: str
    reason: str


def _skip_reason(entry: os.DirEntry, inside: Path) -> str | None:
    """Why a folder entry is not a document (None: it is a regular file or folder inside)."""
    name = entry.name
    if name.startswith(EDITOR_LOCK_PREFIXES) or name.endswith(EDITOR_LOCK_SUFFIXES):
        return "编辑器锁文件或临时文件 editor lock or temporary file"
    if entry.is_symlink():
        try:
            target = os.readlink(entry.path)
        except OSError:
            target = "?"
        kind = "文件夹 folder" if entry.is_dir() else "文件 file"
        return f"符号链接，未跟随 symbolic link ({kind} link to {target}) not followed"
    if name.startswith(HIDDEN_PREFIX):
        return "隐藏文件或文件夹 hidden file or folder"
    if not (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)):
        return "不是普通文件 not a regular file (pipe, socket or device)"
    if not Path(entry.path).resolve().is_relative_to(inside):
        return "位于收件目录之外 resolves outside the drop folder"
    return None


def scan_folder(raw_dir: str | Path) -> tuple[list[Path], list[Ignored]]:
    """(documents, ignored entries) under raw_dir; only real sub-folders inside it are entered."""
    root = Path(raw_dir)
    if not root.is_dir():
        return [], []
    inside = root.resolve()
    # the analysts' corrections are read by the review step (pipeline.review), not as documents
    corrections = corrections_dir(root).resolve()
    documents: list[Path] = []
    ignored: list[Ignored] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            ignored.append(Ignored(str(folder), f"无法读取文件夹 cannot list folder: {exc}"))
            continue
        for entry in listing:
            reason = _skip_reason(entry, inside)
            if reason:
                ignored.append(Ignored(entry.path, reason))
            elif entry.is_dir(follow_symlinks=False):
                if Path(entry.path).resolve() != corrections:
                    pending.append(Path(entry.path))
            else:
                documents.append(Path(entry.path))
    return sorted(documents), sorted(ignored, key=lambda i: i.path)


def list_documents(raw_dir: str | Path) -> list[Path]:
    """Regular files inside raw_dir that may be documents (see scan_folder for what is skipped)."""
    return scan_folder(raw_dir)[0]


def ignored_entries(raw_dir: str | Path) -> list[Ignored]:
    """Entries of raw_dir that are not read, each with its reason."""
    return scan_folder(raw_dir)[1]


def list_corrections(raw_dir: str | Path) -> list[Path]:
    """Correction files (xlsx, csv, yaml) in the corrections folder of raw_dir, by the same
    boundary rules as documents."""
    folder = corrections_dir(raw_dir)
    if not folder.is_dir():
        return []
    return [p for p in scan_folder(folder)[0] if p.suffix.lower() in CORRECTION_SUFFIXES]


def scan(raw_dir: str | Path, known: dict[str, FileState] | None = None) -> dict[str, FileState]:
    """Current state of every document and correction file (a new or changed correction
    starts a run too); re-hashes only files whose size or mtime changed."""
    known = known or {}
    states: dict[str, FileState] = {}
    for p in [*list_documents(raw_dir), *list_corrections(raw_dir)]:
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
