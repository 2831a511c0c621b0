"""Files written whole or not at all: a temporary file beside the target, then one rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | Path, prefix: str = ".tmp-", shared: bool = True) -> Iterator[str]:
    """A temporary path beside `path`: renamed over it when the block ends, removed on error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)
    os.close(fd)
    try:
        yield tmp
        if shared:  # mkstemp makes it private; exports are meant to be opened by others
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
