"""Performance targets (绩效目标): department-level and per project."""

from __future__ import annotations

import re

from pipeline import vocab
from pipeline.extract.sections import Sections, prov_keys
from pipeline.models import ExtractionResult

_PROJECT_HEAD = re.compile(r"^\(\d+\)\s*(?P<proj>[^:①②③④⑤]{2,40}?)\s*:\s*(?=[①②③④⑤⑥⑦⑧⑨⑩])")
_ENUM_SPLIT = re.compile(rf"[{vocab.ENUM_MARKS}]|\(\d+\)")
_ITEM = re.compile(r"^\s*(?P<label>[^:,。]{1,20}?)\s*:\s*(?P<text>.+)$", re.S)
_COMPARATORS = [(re.compile(p), sym) for p, sym in vocab.COMPARATORS]
_VALUE = re.compile(
    rf"(?P<cmp>{'|'.join(p for p, _ in vocab.COMPARATORS)})\s*(?P<val>\d+(?:\.\d+)?)\s*(?P<unit>{vocab.TARGET_UNITS})?"
)
_CLASS_CONTEXT = re.compile(
    r"(产出|效益|满意度|成本)指标具体设置为|(产出|效益|满意度|成本)指标[:]?$"
)


def _classes(label: str, context_class: str | None) -> tuple[str | None, str | None]:
    sub = next((s for s in vocab.INDICATOR_SUBCLASSES if s in label), None)
    cls = next((c for c, p in vocab.INDICATOR_CLASSES.items() if re.search(p, label)), None)
    if sub and sub in ("经济效益", "社会效益", "生态效益", "可持续影响"):
        cls = "效益"
    elif sub == "满意度":
        cls = "满意度"
    elif sub in ("数量", "质量", "时效"):
        cls = context_class or vocab.SUBCLASS_TO_CLASS[sub]
    if cls is None and sub is not None:
        cls = vocab.SUBCLASS_TO_CLASS.get(sub)
    if sub == cls:
        sub = sub if sub in ("成本", "满意度") else None
    return cls, sub


def _symbol(word: str) -> str:
    return next(sym for rx, sym in _COMPARATORS if rx.fullmatch(word))


def _rows(project, cls, sub, text, secs, start) -> list[dict]:
    out: list[dict] = []
    for m in _VALUE.finditer(text):
        clause_start = max(text.rfind(c, 0, m.start()) for c in ",、;") + 1
        clause_end = min(
            (i for i in (text.find(c, m.end()) for c in ",、;。") if i >= 0), default=len(text)
        )
        prov = secs.provenance(start + m.start(), start + m.end())
        out.append(
            {
                "project": project,
                "indicator_class": cls,
                "indicator_subclass": sub,
                "text": text[clause_start:clause_end].strip(),
                "comparator": _symbol(m.group("cmp")),
                "target_value": float(m.group("val")),
                "target_unit": m.group("unit"),
                **prov_keys(prov),
            }
        )
    if not out:
        prov = secs.provenance(start, start + len(text))
        out.append(
            {
                "project": project,
                "indicator_class": cls,
                "indicator_subclass": sub,
                "text": text.strip(" ;。"),
                "comparator": None,
                "target_value": None,
                "target_unit": None,
                **prov_keys(prov),
            }
        )
    return out


def extract_targets(secs: Sections, result: ExtractionResult) -> None:
    """Indicator rows of the 绩效目标 section(s): class, sub-class, text, comparator, value, unit."""
    region = secs.region("targets", vocab.AFTER_TARGETS)
    if region is None:
        return
    rows: list[dict] = []
    s, e = region
    pos = s
    for line in secs.text[s:e].split("\n"):
        line_start = pos
        pos += len(line) + 1
        pm = _PROJECT_HEAD.match(line)
        project = pm.group("proj").strip() if pm else None
        body_off = pm.end() if pm else 0
        context_class = None
        cut = 0
        for part in _ENUM_SPLIT.split(line[body_off:]):
            part_start = line_start + body_off + line[body_off:].find(part, cut)
            cut = max(cut, part_start - line_start - body_off + len(part))
            im = _ITEM.match(part)
            label = im.group("label") if im else ""
            if im and ("指标" in label or "满意度" in label):
                cls, sub = _classes(label, context_class)
                text = im.group("text")
                rows += _rows(project, cls, sub, text, secs, part_start + im.start("text"))
            # A class announced at the end of this part applies to the items after it.
            cm = _CLASS_CONTEXT.search(part)
            if cm:
                context_class = cm.group(1) or cm.group(2)
    result.records["targets"] = rows
