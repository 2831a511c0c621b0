"""Where each normalized block came from (page and line of a PDF, element of a web page)."""

from __future__ import annotations

from bisect import bisect_right

from pipeline.models import Document
from pipeline.normalize import normalize_blocks, normalize_line

#: How far ahead a block's first line is looked for among the raw lines.
_LOOKAHEAD = 60


def document_with_origins(
    path: str, entries: list[tuple[str, str]], encoding: str
) -> Document | None:
    """Normalize raw (text, origin) lines into a Document whose `origins` has one per block.

    Normalization joins wrapped lines and drops furniture, so a block is traced to the raw
    line it starts with: the first one ahead whose normalized text begins the block.
    """
    raws = [t for t, _ in entries]
    blocks = normalize_blocks(raws)
    if not blocks:
        return None
    norms = [normalize_line(t) for t in raws]
    origins: list[str] = []
    i = 0
    for block in blocks:
        hit = None
        for j in range(i, min(len(norms), i + _LOOKAHEAD)):
            n = norms[j]
            if n and (block.startswith(n[:12]) or n.startswith(block[:12])):
                hit = j
                break
        if hit is not None:
            i = hit + 1
        origins.append(entries[hit][1] if hit is not None else (origins[-1] if origins else ""))
    raw = "\n".join(raws)
    return Document(
        path=path,
        text="\n".join(blocks),
        blocks=blocks,
        encoding=encoding,
        raw_text=raw,
        origins=origins,
    )


def origin_at(doc: Document, offset: int | None) -> str | None:
    """The origin of the block holding character `offset` of doc.text."""
    if offset is None or not doc.origins:
        return None
    starts, pos = [], 0
    for block in doc.blocks:
        starts.append(pos)
        pos += len(block) + 1
    k = bisect_right(starts, offset) - 1
    return doc.origins[k] if 0 <= k < len(doc.origins) else None
