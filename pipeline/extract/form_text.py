"""Self-evaluation forms that arrive as text: flattened one cell per line, with '|' between
cells, or run into one line. The cells are read in order; a funding block (年初预算数 /
全年预算数 / 全年执行数 / 分值 / 执行率 / 得分, then labelled rows of values) is read only
when its unit is stated and each row's 执行率 agrees with its amounts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipeline import vocab
from pipeline.amounts import wan_float
from pipeline.extract.report_tables import SAME_AMOUNT, merge_figure
from pipeline.extract.sections import Sections, prov_keys
from pipeline.extract.table_figures import TableFigure, cell_amount, cell_pct
from pipeline.extract.text_tables import HEADER_UNIT, NUMBER_CELL, is_value, label, stated_unit
from pipeline.models import ExtractionResult

_FUNDING_HEADERS = {k: re.compile(p) for k, p in vocab.FORM_FUNDING_HEADERS.items()}
_FUNDING_TOTAL = re.compile(vocab.FORM_FUNDING_TOTAL_ROW)
_FUNDING_ROWS = re.compile(vocab.FORM_FUNDING_ROWS)
_EXPENDITURE_HEADERS = {k: re.compile(p) for k, p in vocab.FORM_EXPENDITURE_HEADERS.items()}
_BLOCK_UNIT = re.compile(vocab.FORM_BLOCK_UNIT)
_PROJECT_NAME = re.compile(vocab.FORM_PROJECT_NAME_LABEL)
_TOTAL_SCORE = re.compile(vocab.FORM_TOTAL_SCORE_LABEL)
_TOKEN = re.compile(r"\S+")
_PIPE_CELL = re.compile(r"[^|]+")
_AMOUNT_ROLES = ("budget_at_start", "full_year_budget", "executed")


def form_cells(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The cells of a flattened form in reading order, with their offsets: a '|' row gives
    its cells, a run-on line its tokens, any other line is one cell."""
    cells: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if "|" in line:
            parts = _PIPE_CELL.finditer(line)
        elif (
            len(line) > vocab.FORM_RUN_ON_MIN_CHARS
            and len(line.split()) >= vocab.FORM_RUN_ON_MIN_TOKENS
        ):
            parts = _TOKEN.finditer(line)
        else:
            parts = [re.match(r"[\s\S]*", line)]
        for m in parts:
            cell = m.group(0).strip()
            if cell:
                lead = len(m.group(0)) - len(m.group(0).lstrip())
                start = pos + m.start() + lead
                cells.append(cell)
                spans.append((start, start + len(cell)))
        pos += len(line) + 1
    return cells, spans


def _header_run(cells: list[str], i: int, roles: dict[str, re.Pattern]) -> list[str]:
    """Column roles of the header cells starting at cell i, each role once."""
    out: list[str] = []
    while i + len(out) < len(cells):
        name = label(cells[i + len(out)])
        role = next((r for r, rx in roles.items() if rx.fullmatch(name)), None)
        if role is None or role in out:
            break
        out.append(role)
    return out


def _block_unit(cells: list[str], first: int, count: int) -> str | None:
    """The amount unit of a block: stated in its header cells or the caption cells before."""
    units = {m.group("unit") for c in cells[first : first + count] if (m := HEADER_UNIT.search(c))}
    caption = cells[max(0, first - vocab.FORM_CAPTION_LINES) : first]
    for cell in caption:
        m = _BLOCK_UNIT.search(cell.strip())
        if m:
            units.add(m.group("unit"))
    stated = stated_unit(caption)
    if stated:
        units.add(stated)
    return units.pop() if len(units) == 1 else None


def _values_after(cells: list[str], j: int) -> list[str]:
    """The value cells from j up to the next label cell."""
    out: list[str] = []
    while j + len(out) < len(cells) and is_value(cells[j + len(out)]):
        out.append(cells[j + len(out)].strip())
    return out


def _rate_agrees(row: dict[str, str]) -> bool:
    """A stated 执行率 agrees with 执行数 ÷ 全年预算数 (or one of them is not stated)."""
    rate = cell_pct(row.get("rate", "")) if row.get("rate") else None
    executed = NUMBER_CELL.match(row.get("executed", ""))
    budget = NUMBER_CELL.match(row.get("full_year_budget", ""))
    if rate is None or executed is None or budget is None:
        return True
    full = float(budget.group("num"))
    if full == 0:
        return True
    return abs(float(executed.group("num")) / full * 100 - rate) <= vocab.FORM_RATE_TOLERANCE


@dataclass
class FundingRow:
    """One labelled row of a funding block: its values by column role, where it stands."""

    name: str
    total: bool
    values: dict[str, str]
    complete: bool  # one value per header
    span: tuple[int, int]


@dataclass
class FundingBlock:
    """A funding block: header roles, the stated unit, its rows."""

    roles: list[str]
    unit: str | None
    rows: list[FundingRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def funding_blocks(cells: list[str], spans: list[tuple[int, int]]) -> list[FundingBlock]:
    """Every funding block among the cells."""
    blocks: list[FundingBlock] = []
    i = 0
    while i < len(cells):
        roles = _header_run(cells, i, _FUNDING_HEADERS)
        if len(roles) < vocab.FORM_FUNDING_MIN_HEADERS or "budget_at_start" not in roles:
            i += 1
            continue
        block = FundingBlock(roles, _block_unit(cells, i, len(roles)))
        j = i + len(roles)
        while j < len(cells):
            name = label(cells[j])
            total = _FUNDING_TOTAL.fullmatch(name) is not None
            if not total and _FUNDING_ROWS.fullmatch(name) is None:
                break
            values = _values_after(cells, j + 1)
            if len(values) > len(roles):
                block.notes.append(f"资金行“{name}”数值多于表头 more values than headers")
                break
            span = (spans[j][0], spans[j + len(values)][1])
            row = dict(zip(roles, values, strict=False))
            block.rows.append(FundingRow(name, total, row, len(values) == len(roles), span))
            j += 1 + len(values)
        blocks.append(block)
        i = j
    return blocks


def form_funding_figures(secs: Sections) -> tuple[list[TableFigure], list[str]]:
    """Budget at start of year from a form's funding block (年初预算数 of 年度资金总额), and
    notes on blocks seen but not read. 全年执行数 is execution, not necessarily the final
    accounts, so it is not read as the final total."""
    cells, spans = form_cells(secs.text)
    figs: list[TableFigure] = []
    notes: list[str] = []
    for block in funding_blocks(cells, spans):
        notes += block.notes
        for row in (r for r in block.rows if r.total):
            if not row.complete:
                notes.append(f"资金行“{row.name}”数值不全 row has missing values, not read")
            elif block.unit is None:
                notes.append("资金表未注明金额单位 funding block states no unit")
            elif not _rate_agrees(row.values):
                notes.append(f"资金行“{row.name}”执行率与金额不符 rate disagrees with amounts")
            elif (amount := cell_amount(row.values["budget_at_start"], block.unit)) is not None:
                prov = secs.provenance(*row.span)
                prov.sentence = " | ".join([row.name, *row.values.values()])
                figs.append(TableFigure("budget_at_start_wan", amount, prov, "万元"))
    return figs, notes


def form_expenditure_figures(secs: Sections) -> list[TableFigure]:
    """Final total from a form expenditure block (支出合计 / 基本支出 / 项目支出 … then one
    value each), read only when 支出合计 = 基本支出 + 项目支出."""
    cells, spans = form_cells(secs.text)
    figs: list[TableFigure] = []
    for i in range(len(cells)):
        roles = _header_run(cells, i, _EXPENDITURE_HEADERS)
        if (
            len(roles) < 2
            or "total" not in roles
            or (i and _header_run(cells, i - 1, _EXPENDITURE_HEADERS))
        ):
            continue
        values = _values_after(cells, i + len(roles))
        unit = _block_unit(cells, i, len(roles))
        if len(values) != len(roles) or unit is None:
            continue
        row = {r: cell_amount(v, unit) for r, v in zip(roles, values, strict=True)}
        total, basic, project = row.get("total"), row.get("basic"), row.get("project")
        if total is None or basic is None or project is None:
            continue
        if abs(basic + project - total) > SAME_AMOUNT * 2:
            continue
        prov = secs.provenance(spans[i][0], spans[i + 2 * len(roles) - 1][1])
        prov.sentence = " | ".join(values)
        figs.append(TableFigure("final_total_wan", total, prov, "万元"))
    return figs


def apply_form_tables(secs: Sections, result: ExtractionResult) -> None:
    """Budget at start and final total from the blocks of a flattened self-evaluation form."""
    figs, notes = form_funding_figures(secs)
    figs += form_expenditure_figures(secs)
    for note in notes:
        result.add_issue("form_funding", note, "info")
    by_name: dict[str, list[TableFigure]] = {}
    for fig in figs:
        by_name.setdefault(fig.name, []).append(fig)
    for name, found in by_name.items():
        if len({f.value for f in found}) > 1:
            result.add_issue(
                name, f"表格中有多个不同的值 several different values in form blocks: {name}"
            )
            continue
        merge_figure(result, found[0])


# --- project self-evaluation form (项目支出绩效自评表) ---------------------------------------


def extract_project_form(secs: Sections, result: ExtractionResult) -> None:
    """A project form's project (项目名称 and its executed amount), funding rows and total score."""
    cells, spans = form_cells(secs.text)
    name_at = next((i for i, c in enumerate(cells) if _PROJECT_NAME.fullmatch(label(c))), None)
    blocks = [b for b in funding_blocks(cells, spans) if b.unit is not None]
    for note in (n for b in funding_blocks(cells, spans) for n in b.notes):
        result.add_issue("form_funding", note, "info")
    funding: list[dict] = []
    for block in blocks:
        for row in block.rows:
            funding.append(_funding_record(secs, block, row))
    if funding:
        result.records["form_funding"] = funding
    _total_score(secs, result, cells, spans)
    if name_at is None or name_at + 1 >= len(cells) or len(blocks) != 1:
        return
    name = cells[name_at + 1].strip()
    if is_value(name) or _PROJECT_NAME.fullmatch(label(name)) or len(name) < 2:
        return
    executed = _project_amount(blocks[0])
    if executed is None:
        result.add_issue(
            "projects", "项目资金表的执行数无法确定 the form's executed amount is not certain"
        )
        return
    row, amount = executed
    prov = secs.provenance(spans[name_at + 1][0], row.span[1])
    prov.sentence = " | ".join([name, row.name, *row.values.values()])
    result.records["projects"] = [
        {"name": name, "amount_wan": wan_float(amount), "purpose": None, **prov_keys(prov)}
    ]


def _project_amount(block: FundingBlock) -> tuple[FundingRow, Decimal] | None:
    """The project's executed amount: the total row's, or, when the form left the total row
    empty or zero, the one funding row that carries amounts (其中:本年财政拨款 90 89.974)."""
    totals = [r for r in block.rows if r.total]
    if len(totals) != 1 or not _rate_agrees(totals[0].values):
        return None
    amount = _executed(totals[0], block.unit)
    if amount:
        return totals[0], amount
    filled = [r for r in block.rows if not r.total and _executed(r, block.unit)]
    others_empty = all(
        not _executed(r, block.unit) for r in block.rows if not r.total and r not in filled
    )
    if len(filled) == 1 and others_empty and list(block.roles[:3]) == list(_AMOUNT_ROLES):
        return filled[0], _executed(filled[0], block.unit)
    return None


def _executed(row: FundingRow, unit: str | None) -> Decimal | None:
    value = row.values.get("executed")
    return cell_amount(value, unit) if value else None


def _funding_record(secs: Sections, block: FundingBlock, row: FundingRow) -> dict:
    def amount(role: str) -> float | None:
        v = row.values.get(role)
        a = cell_amount(v, block.unit) if v else None
        return wan_float(a) if a is not None else None

    def number(role: str) -> float | None:
        v = row.values.get(role)
        m = NUMBER_CELL.match(v or "")
        return float(m.group("num")) if m else None

    prov = secs.provenance(*row.span)
    prov.sentence = " | ".join([row.name, *row.values.values()])
    return {
        "block": "项目资金",
        "line": row.name,
        "budget_start_wan": amount("budget_at_start"),
        "budget_full_year_wan": amount("full_year_budget"),
        "executed_wan": amount("executed"),
        "execution_rate_pct": cell_pct(row.values.get("rate", ""))
        if row.values.get("rate")
        else None,
        "weight": number("weight"),
        "score": number("score"),
        "sheet": None,
        **prov_keys(prov),
    }


def _total_score(secs, result, cells: list[str], spans) -> None:
    """总分 followed by its weight and score (总分 100 97.8): the score is the last value."""
    for i, cell in enumerate(cells):
        if _TOTAL_SCORE.fullmatch(label(cell)):
            values = [v for v in _values_after(cells, i + 1) if NUMBER_CELL.match(v)]
            if 1 <= len(values) <= 2:
                prov = secs.provenance(spans[i][0], spans[i + len(values)][1])
                prov.sentence = " | ".join([cell, *values])
                result.set("total_score", float(values[-1]), None, prov)
            return
