"""Figures derived from others that prose and tables both give: one precedence rule each,
called by every path that sets their parts (a rule that lives twice drifts apart)."""

from __future__ import annotations

from pipeline import vocab
from pipeline.models import ExtractionResult


def derive_retirees(result: ExtractionResult) -> None:
    """retirees = the stated 离退休 total, else 退休 alone; both parts stay stored apart and
    retirees_kind says which one it is. A part emptied by a conflict leaves it empty."""
    for name, kind in vocab.RETIREES_PRECEDENCE:
        fig = result.figures.get(name)
        if fig is None:
            continue
        if fig.value is None:
            result.set("retirees", None, note=fig.note or f"{name} not sure")
            result.figures.pop("retirees_kind", None)
            return
        result.set("retirees", fig.value, None, fig.provenance, note=f"stated as {kind}")
        result.set("retirees_kind", kind)
        return
