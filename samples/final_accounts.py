"""Write realistic final-accounts workbooks (nine tables) and self-evaluation forms with openpyxl.

Everything written here is invented sample data: the amounts of a spec are chosen by the
caller, every table is derived from them so the workbook is internally consistent
(parents = children, 合计 = classes, both summary tables balance), and the layout options
reproduce the variants the reader must handle (元/万元, 公开NN表 prefixes, sheet order,
split 类/款/项 codes, codes as numbers or with the name in the cell, side-by-side basic
table, blank and hidden rows).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

#: Sources of a functional expenditure line (which appropriation tables it appears in).
SOURCES = ("gpb", "gov_fund", "state_capital", "other")

#: Names of the classification codes the samples use (政府收支分类科目).
CODE_NAMES: dict[str, str] = {
    "201": "一般公共服务支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "204": "公共安全支出",
    "20499": "其他公共安全支出",
    "2049901": "其他公共安全支出",
    "208": "社会保障和就业支出",
    "20801": "人力资源和社会保障管理事务",
    "2080199": "其他人力资源和社会保障管理事务支出",
    "20802": "民政管理事务",
    "2080208": "基层政权建设和社区治理",
    "2080299": "其他民政管理事务支出",
    "20805": "行政事业单位养老支出",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "210": "卫生健康支出",
    "21004": "公共卫生",
    "2100410": "突发公共卫生事件应急处理",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "212": "城乡社区支出",
    "21201": "城乡社区管理事务",
    "2120104": "城管执法",
    "2120199": "其他城乡社区管理事务支出",
    "21205": "城乡社区环境卫生",
    "2120501": "城乡社区环境卫生",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120899": "其他国有土地使用权出让收入安排的支出",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "223": "国有资本经营预算支出",
    "22301": "解决历史遗留问题及改革成本支出",
    "2230105": "国有企业退休人员社会化管理补助支出",
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30108": "机关事业单位基本养老保险缴费",
    "30109": "职业年金缴费",
    "30110": "职工基本医疗保险缴费",
    "30113": "住房公积金",
    "30199": "其他工资福利支出",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30211": "差旅费",
    "30213": "维修（护）费",
    "30217": "公务接待费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30302": "退休费",
    "30305": "生活补助",
    "310": "资本性支出",
    "31002": "办公设备购置",
}

_CHINESE_ORDINALS = "一二三四五六七八九十"


def D(x: Any) -> Decimal:
    """Decimal from a str/int/float written with two decimals."""
    return Decimal(str(x))


@dataclass
class ExpenditureLine:
    """One 7-digit functional line with its funding source and basic/project amounts (万元)."""

    code: str
    source: str
    basic: Decimal = Decimal(0)
    project: Decimal = Decimal(0)


@dataclass
class EconomicLine:
    """One 5-digit economic line of the basic-expenditure table (万元)."""

    code: str
    block: str  # "personnel" | "office"
    amount: Decimal


@dataclass
class FinalAccountsSpec:
    """The invented figures a workbook is generated from (amounts in 万元)."""

    unit_label: str  # the 编制单位 text, e.g. 长沙市开福区伍家岭街道办事处
    year: int
    lines: list[ExpenditureLine]
    economic: list[EconomicLine]
    #: 三公 lines → (预算数, 决算数): overseas_travel, vehicle_purchase, vehicle_operation, reception
    three_public: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)

    def total(self, source: str | None = None, part: str | None = None) -> Decimal:
        """Sum of basic+project (or one part) over lines of one source (or all)."""
        out = Decimal(0)
        for ln in self.lines:
            if source is None or ln.source == source:
                out += (
                    ln.basic
                    if part == "basic"
                    else ln.project
                    if part == "project"
                    else ln.basic + ln.project
                )
        return out


@dataclass
class LayoutOptions:
    """Layout variants of a generated workbook."""

    amount_unit: str = "万元"  # or "元"
    prefixed: bool = False  # sheet names 公开01表…
    order: list[str] | None = None  # table keys in sheet order (default: the standard order)
    tables: list[str] | None = None  # only these tables
    split_codes: bool = False  # 类/款/项 columns
    code_style: str = "text"  # "text" | "number" | "with_name"
    side_by_side_basic: bool = True
    blank_rows: bool = False
    hidden_rows: bool = False
    lanci_row: bool = True
    footnotes: bool = True
    sheet_names: str = "title"  # "title" | "generic" (Sheet1…, the title says which table)
    #: summary tables: "line_numbers" (项目 | 行次 | 金额 on each side, under 收入 / 支出) or
    #: "four_columns" (项目 | 决算数 | 项目 | 决算数: one header row, no 行次, no side names)
    summary_style: str = "line_numbers"


STANDARD_ORDER = [
    "income_expenditure_summary",
    "income",
    "expenditure",
    "appropriation_summary",
    "gpb_expenditure",
    "gpb_basic_expenditure",
    "three_public",
    "gov_fund",
    "state_capital",
]

TITLES = {
    "income_expenditure_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "appropriation_summary": "财政拨款收入支出决算总表",
    "gpb_expenditure": "一般公共预算财政拨款支出决算表",
    "gpb_basic_expenditure": "一般公共预算财政拨款基本支出决算表",
    "three_public": "一般公共预算财政拨款“三公”经费支出决算表",
    "gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
}


# --- derived amounts -----------------------------------------------------------------


def _rollup(leaves: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
    """Leaf codes → every prefix (3/5/7 digits) with summed columns."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for code, cols in leaves.items():
        for n in (3, 5, 7):
            if len(code) >= n:
                for k, v in cols.items():
                    out[code[:n]][k] += v
    return {k: dict(v) for k, v in out.items()}


def _functional(spec: FinalAccountsSpec, sources: tuple[str, ...]) -> dict[str, dict[str, Decimal]]:
    leaves: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for ln in spec.lines:
        if ln.source in sources:
            leaves[ln.code]["basic"] += ln.basic
            leaves[ln.code]["project"] += ln.project
            leaves[ln.code]["total"] += ln.basic + ln.project
            leaves[ln.code][ln.source] += ln.basic + ln.project
    return _rollup({k: dict(v) for k, v in leaves.items()})


# --- cell writing --------------------------------------------------------------------


class _Writer:
    def __init__(self, ws: Worksheet, opts: LayoutOptions):
        self.ws, self.opts, self.row = ws, opts, 1
        self.factor = Decimal(10000) if opts.amount_unit == "元" else Decimal(1)

    def amount(self, v: Decimal | None) -> float | None:
        if v is None:
            return None
        return float((v * self.factor).quantize(Decimal("0.01")))

    def put(self, row: int, col: int, value: Any, amount: bool = False) -> None:
        cell = self.ws.cell(row=row, column=col, value=self.amount(value) if amount else value)
        if amount:
            cell.number_format = "#,##0.00"

    def top(self, title: str, unit_label: str, year: int, ncols: int) -> None:
        ws = self.ws
        ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=14)
        ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        if ncols > 1:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.cell(row=2, column=1, value=f"编制单位：{unit_label}")
        ws.cell(row=2, column=max(2, ncols // 2), value=f"{year}年度")
        ws.cell(row=2, column=ncols, value=f"金额单位：{self.opts.amount_unit}")
        self.row = 3

    def header(self, paths: list[tuple[str, ...]]) -> None:
        """Write a multi-row header from column paths, merging shared and short cells."""
        ws, r0 = self.ws, self.row
        depth = max(len(p) for p in paths)
        for level in range(depth):
            c = 0
            while c < len(paths):
                p = paths[c]
                if len(p) <= level:
                    c += 1
                    continue
                end = c
                while (
                    end + 1 < len(paths)
                    and paths[end + 1][: level + 1] == p[: level + 1]
                    and len(paths[end + 1]) > level
                ):
                    end += 1
                ws.cell(row=r0 + level, column=c + 1, value=p[level])
                ws.cell(row=r0 + level, column=c + 1).alignment = Alignment(
                    horizontal="center", vertical="center", wrap_text=True
                )
                ends_here = all(len(paths[k]) == level + 1 for k in range(c, end + 1))
                last_row = r0 + depth - 1 if ends_here else r0 + level
                if end > c or last_row > r0 + level:
                    ws.merge_cells(
                        start_row=r0 + level,
                        start_column=c + 1,
                        end_row=last_row,
                        end_column=end + 1,
                    )
                c = end + 1
        self.row = r0 + depth

    def lanci(self, n_ident: int, n_amounts: int) -> None:
        if not self.opts.lanci_row:
            return
        self.ws.cell(row=self.row, column=1, value="栏次")
        for i in range(n_amounts):
            self.ws.cell(row=self.row, column=n_ident + 1 + i, value=i + 1)
        self.row += 1

    def footnote(self, text: str) -> None:
        if self.opts.footnotes:
            self.row += 1
            self.ws.cell(row=self.row, column=1, value=f"注：{text}")
            self.row += 1


def _ident_paths(opts: LayoutOptions, economic: bool = False) -> list[tuple[str, ...]]:
    kind = "经济分类科目编码" if economic else "功能分类科目编码"
    if opts.split_codes and not economic:
        return [
            ("项目", kind, "类"),
            ("项目", kind, "款"),
            ("项目", kind, "项"),
            ("项目", "科目名称", ""),
        ]
    if opts.code_style == "with_name":
        return [("项目",)]
    return [("项目", kind), ("项目", "科目名称")]


def _pad(paths: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    # drop the empty placeholder used to keep 科目名称 one level above 类/款/项
    return [tuple(x for x in p if x) for p in paths]


def _code_cells(code: str, opts: LayoutOptions) -> list[Any]:
    name = CODE_NAMES.get(code, "")
    if opts.split_codes:
        cls, kuan, xiang = code[:3], code[3:5], code[5:7]
        as_num = opts.code_style == "number"
        conv = (lambda s: int(s) if s else None) if as_num else (lambda s: s or None)
        return [conv(cls), conv(kuan), conv(xiang), name]
    if opts.code_style == "with_name":
        return [f"{code} {name}"]
    if opts.code_style == "number":
        return [int(code), name]
    return [code, name]


def _coded_table(
    w: _Writer,
    spec: FinalAccountsSpec,
    title: str,
    amount_paths: list[tuple[str, ...]],
    keys: list[str],
    rows: dict[str, dict[str, Decimal]],
    note: str,
    total_label: str = "合计",
) -> None:
    opts = w.opts
    ident = _ident_paths(opts)
    n_ident = len(ident)
    paths = _pad(ident) + amount_paths
    w.top(title, spec.unit_label, spec.year, len(paths))
    w.header(paths)
    w.lanci(n_ident, len(amount_paths))
    totals = {
        k: sum((rows[c].get(k, Decimal(0)) for c in rows if len(c) == 3), Decimal(0)) for k in keys
    }
    w.put(w.row, 1, total_label)
    if n_ident > 1:
        w.ws.merge_cells(start_row=w.row, start_column=1, end_row=w.row, end_column=n_ident)
    for i, k in enumerate(keys):
        w.put(w.row, n_ident + 1 + i, totals[k], amount=True)
    w.row += 1
    codes = sorted(rows)
    if opts.hidden_rows and codes:
        # a zero line that the unit hid (common in published tables)
        hidden_code = codes[0][:5] + "50" if len(codes[0]) >= 5 else None
        hidden_code = hidden_code if hidden_code and hidden_code in CODE_NAMES else "2010350"
        if hidden_code[:5] in rows and hidden_code not in rows:
            codes = sorted([*codes, hidden_code])
    prev_class = None
    for code in codes:
        if opts.blank_rows and prev_class and code[:3] != prev_class:
            w.row += 1
        prev_class = code[:3]
        for i, v in enumerate(_code_cells(code, opts)):
            w.put(w.row, 1 + i, v)
        for i, k in enumerate(keys):
            w.put(w.row, n_ident + 1 + i, rows.get(code, {}).get(k, Decimal(0)), amount=True)
        if code not in rows:
            w.ws.row_dimensions[w.row].hidden = True
        w.row += 1
    if opts.hidden_rows:
        w.ws.row_dimensions[w.row].hidden = True
        w.row += 1
    w.footnote(note)


def _summary_table(
    w: _Writer,
    spec: FinalAccountsSpec,
    title: str,
    revenue: list[tuple[str, Decimal]],
    exp_cols: list[str],
    expenditure: list[tuple[str, list[Decimal]]],
) -> None:
    four = w.opts.summary_style == "four_columns"
    if four:
        exp_headers = [("决算数",)] if len(exp_cols) == 1 else [(c,) for c in exp_cols]
        paths = [("项目",), ("决算数",), ("项目",), *exp_headers]
        # 1-based columns: revenue label, line no (none), amount; spending label, line no, first amount
        cols = (1, None, 2, 3, None, 4)
    else:
        exp_headers = [("支出", "金额")] if len(exp_cols) == 1 else [("支出", c) for c in exp_cols]
        paths = [
            ("收入", "项目"),
            ("收入", "行次"),
            ("收入", "金额"),
            ("支出", "项目"),
            ("支出", "行次"),
            *exp_headers,
        ]
        cols = (1, 2, 3, 4, 5, 6)
    w.top(title, spec.unit_label, spec.year, len(paths))
    w.header(paths)
    if w.opts.lanci_row and not four:
        w.put(w.row, 1, "栏次")
        w.put(w.row, 3, 1)
        w.put(w.row, 4, "栏次")
        for i in range(len(exp_cols)):
            w.put(w.row, 6 + i, 2 + i)
        w.row += 1
    rev_label, rev_no, rev_amount, exp_label, exp_no, exp_amount = cols
    for i in range(max(len(revenue), len(expenditure))):
        if i < len(revenue):
            label, amount = revenue[i]
            w.put(w.row, rev_label, label)
            if rev_no:
                w.put(w.row, rev_no, i + 1)
            w.put(w.row, rev_amount, amount, amount=True)
        if i < len(expenditure):
            label, amounts = expenditure[i]
            w.put(w.row, exp_label, label)
            if exp_no:
                w.put(w.row, exp_no, len(revenue) + i + 1)
            for j, a in enumerate(amounts):
                w.put(w.row, exp_amount + j, a, amount=True)
        w.row += 1
    w.footnote("本表反映部门本年度的总收支和年末结转结余情况。")


def _class_lines(
    rows: dict[str, dict[str, Decimal]], keys: list[str]
) -> list[tuple[str, list[Decimal]]]:
    out = []
    for i, code in enumerate(sorted(c for c in rows if len(c) == 3)):
        ordinal = _CHINESE_ORDINALS[i] if i < len(_CHINESE_ORDINALS) else str(i + 1)
        out.append(
            (
                f"{ordinal}、{CODE_NAMES.get(code, code)}",
                [rows[code].get(k, Decimal(0)) for k in keys],
            )
        )
    return out


def _write_table(ws: Worksheet, key: str, spec: FinalAccountsSpec, opts: LayoutOptions) -> None:
    w = _Writer(ws, opts)
    title = TITLES[key]
    zero = Decimal(0)
    all_rows = _functional(spec, SOURCES)
    approp = ("gpb", "gov_fund", "state_capital")
    if key == "income_expenditure_summary":
        gpb, gf, sc, other = (spec.total(s) for s in SOURCES)
        total = spec.total()
        revenue = [
            ("一、一般公共预算财政拨款收入", gpb),
            ("二、政府性基金预算财政拨款收入", gf),
            ("三、国有资本经营预算财政拨款收入", sc),
            ("四、上级补助收入", zero),
            ("五、事业收入", zero),
            ("六、经营收入", zero),
            ("七、附属单位上缴收入", zero),
            ("八、其他收入", other),
            ("本年收入合计", total),
            ("年初结转和结余", zero),
            ("总计", total),
        ]
        exp = [
            *_class_lines(all_rows, ["total"]),
            ("本年支出合计", [total]),
            ("年末结转和结余", [zero]),
            ("总计", [total]),
        ]
        _summary_table(w, spec, title, revenue, ["金额"], exp)
    elif key == "appropriation_summary":
        rows = _functional(spec, approp)
        gpb, gf, sc = (spec.total(s) for s in approp)
        total = gpb + gf + sc
        revenue = [
            ("一、一般公共预算财政拨款", gpb),
            ("二、政府性基金预算财政拨款", gf),
            ("三、国有资本经营预算财政拨款", sc),
            ("本年收入合计", total),
            ("年初财政拨款结转和结余", zero),
            ("总计", total),
        ]
        keys = ["total", "gpb", "gov_fund", "state_capital"]
        exp = [
            *_class_lines(rows, keys),
            ("本年支出合计", [total, gpb, gf, sc]),
            ("年末财政拨款结转和结余", [zero] * 4),
            ("总计", [total, gpb, gf, sc]),
        ]
        cols = [
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ]
        _summary_table(w, spec, title, revenue, cols, exp)
    elif key == "income":
        rows = {
            c: {
                "total": v["total"],
                "fiscal": v.get("gpb", zero)
                + v.get("gov_fund", zero)
                + v.get("state_capital", zero),
                "other": v.get("other", zero),
            }
            for c, v in all_rows.items()
        }
        for v in rows.values():
            v.update(sup=zero, biz=zero, op=zero, aff=zero)
        paths = [
            ("本年收入合计",),
            ("财政拨款收入",),
            ("上级补助收入",),
            ("事业收入",),
            ("经营收入",),
            ("附属单位上缴收入",),
            ("其他收入",),
        ]
        _coded_table(
            w,
            spec,
            title,
            paths,
            ["total", "fiscal", "sup", "biz", "op", "aff", "other"],
            rows,
            "本表反映部门本年度取得的各项收入情况。",
        )
    elif key == "expenditure":
        rows = {c: {**v, "z": zero} for c, v in all_rows.items()}
        paths = [
            ("本年支出合计",),
            ("基本支出",),
            ("项目支出",),
            ("上缴上级支出",),
            ("经营支出",),
            ("对附属单位补助支出",),
        ]
        _coded_table(
            w,
            spec,
            title,
            paths,
            ["total", "basic", "project", "z", "z", "z"],
            rows,
            "本表反映部门本年度各项支出情况。",
        )
    elif key == "gpb_expenditure":
        rows = _functional(spec, ("gpb",))
        paths = [("本年支出", "小计"), ("本年支出", "基本支出"), ("本年支出", "项目支出")]
        _coded_table(
            w,
            spec,
            title,
            paths,
            ["total", "basic", "project"],
            rows,
            "本表反映部门本年度一般公共预算财政拨款支出情况。",
        )
    elif key == "gov_fund":
        rows = {
            c: {**v, "z": zero, "rev": v["total"]}
            for c, v in _functional(spec, ("gov_fund",)).items()
        }
        paths = [
            ("年初结转和结余",),
            ("本年收入",),
            ("本年支出", "小计"),
            ("本年支出", "基本支出"),
            ("本年支出", "项目支出"),
            ("年末结转和结余",),
        ]
        note = "本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"
        if not rows:
            note = "本单位本年度无政府性基金预算财政拨款收入支出，故本表为空表。"
        _coded_table(
            w, spec, title, paths, ["z", "rev", "total", "basic", "project", "z"], rows, note
        )
    elif key == "state_capital":
        rows = _functional(spec, ("state_capital",))
        paths = [("本年支出", "合计"), ("本年支出", "基本支出"), ("本年支出", "项目支出")]
        note = "本表反映部门本年度国有资本经营预算财政拨款支出情况。"
        if not rows:
            note = "本单位本年度无国有资本经营预算财政拨款支出，故本表为空表。"
        _coded_table(w, spec, title, paths, ["total", "basic", "project"], rows, note)
    elif key == "gpb_basic_expenditure":
        _basic_table(w, spec, title)
    elif key == "three_public":
        _three_public_table(w, spec, title)


def _basic_table(w: _Writer, spec: FinalAccountsSpec, title: str) -> None:
    opts = w.opts
    blocks: dict[str, dict[str, Decimal]] = {
        "personnel": defaultdict(Decimal),
        "office": defaultdict(Decimal),
    }
    for ln in spec.economic:
        for n in (3, 5):
            blocks[ln.block][ln.code[:n]] += ln.amount
    if not opts.side_by_side_basic:
        rows: dict[str, dict[str, Decimal]] = {}
        for block, amounts in blocks.items():
            for code, v in amounts.items():
                r = rows.setdefault(
                    code, {"total": Decimal(0), "personnel": Decimal(0), "office": Decimal(0)}
                )
                r[block] += v
                r["total"] += v
        opts_plain = LayoutOptions(**{**opts.__dict__, "split_codes": False})
        w.opts = opts_plain
        ident = (
            [("项目", "经济分类科目编码"), ("项目", "科目名称")]
            if opts.code_style != "with_name"
            else [("项目",)]
        )
        paths = [*ident, ("合计",), ("人员经费",), ("公用经费",)]
        w.top(title, spec.unit_label, spec.year, len(paths))
        w.header(paths)
        w.lanci(len(ident), 3)
        totals = {
            k: sum((r[k] for c, r in rows.items() if len(c) == 3), Decimal(0))
            for k in ("total", "personnel", "office")
        }
        w.put(w.row, 1, "合计")
        for i, k in enumerate(("total", "personnel", "office")):
            w.put(w.row, len(ident) + 1 + i, totals[k], amount=True)
        w.row += 1
        for code in sorted(rows):
            for i, v in enumerate(_code_cells(code, opts_plain)):
                w.put(w.row, 1 + i, v)
            for i, k in enumerate(("total", "personnel", "office")):
                w.put(w.row, len(ident) + 1 + i, rows[code][k], amount=True)
            w.row += 1
        w.footnote("本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")
        return
    paths = [
        ("人员经费", "科目编码"),
        ("人员经费", "科目名称"),
        ("人员经费", "决算数"),
        ("公用经费", "科目编码"),
        ("公用经费", "科目名称"),
        ("公用经费", "决算数"),
    ]
    w.top(title, spec.unit_label, spec.year, len(paths))
    w.header(paths)
    left, right = sorted(blocks["personnel"]), sorted(blocks["office"])
    n = max(len(left), len(right))
    style = LayoutOptions(code_style="number" if opts.code_style == "number" else "text")
    for i in range(n):
        for offset, codes, block in ((0, left, "personnel"), (3, right, "office")):
            if i < len(codes):
                code = codes[i]
                for j, v in enumerate(_code_cells(code, style)):
                    w.put(w.row, offset + 1 + j, v)
                w.put(w.row, offset + 3, blocks[block][code], amount=True)
        w.row += 1
    for offset, block, label in ((0, "personnel", "人员经费合计"), (3, "office", "公用经费合计")):
        total = sum((v for c, v in blocks[block].items() if len(c) == 3), Decimal(0))
        w.put(w.row, offset + 1, label)
        w.ws.merge_cells(
            start_row=w.row, start_column=offset + 1, end_row=w.row, end_column=offset + 2
        )
        w.put(w.row, offset + 3, total, amount=True)
    w.row += 1
    w.footnote("本表反映部门本年度一般公共预算财政拨款基本支出明细情况。")


def _three_public_table(w: _Writer, spec: FinalAccountsSpec, title: str) -> None:
    tp = spec.three_public
    zero = (Decimal(0), Decimal(0))
    get = {
        k: tp.get(k, zero)
        for k in ("overseas_travel", "vehicle_purchase", "vehicle_operation", "reception")
    }
    vehicle = tuple(get["vehicle_purchase"][i] + get["vehicle_operation"][i] for i in (0, 1))
    total = tuple(get["overseas_travel"][i] + vehicle[i] + get["reception"][i] for i in (0, 1))
    lines = [
        ("合计", total),
        ("1.因公出国（境）费", get["overseas_travel"]),
        ("2.公务用车购置及运行费", vehicle),
        ("（1）公务用车购置费", get["vehicle_purchase"]),
        ("（2）公务用车运行费", get["vehicle_operation"]),
        ("3.公务接待费", get["reception"]),
    ]
    w.top(title, spec.unit_label, spec.year, 3)
    w.header([("项目",), ("预算数",), ("决算数",)])
    for label, (budget, final) in lines:
        w.put(w.row, 1, label)
        w.put(w.row, 2, budget, amount=True)
        w.put(w.row, 3, final, amount=True)
        w.row += 1
    w.footnote("“三公”经费包括因公出国（境）费、公务用车购置及运行费和公务接待费。")


def write_final_accounts_workbook(
    path: str | Path, spec: FinalAccountsSpec, options: LayoutOptions | None = None
) -> Path:
    """Write a nine-table final-accounts workbook for `spec` in the given layout; returns the path."""
    opts = options or LayoutOptions()
    order = [k for k in (opts.order or STANDARD_ORDER) if opts.tables is None or k in opts.tables]
    wb = Workbook()
    wb.remove(wb.active)
    for key in order:
        number = STANDARD_ORDER.index(key) + 1
        if opts.sheet_names == "generic":
            name = f"Sheet{len(wb.sheetnames) + 1}"
        elif opts.prefixed:
            name = f"公开{number:02d}表{TITLES[key]}"
        else:
            name = TITLES[key]
        ws = wb.create_sheet(name.replace("“", "").replace("”", "")[:31])
        _write_table(ws, key, spec, opts)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


# --- the seed unit -------------------------------------------------------------------


def seed_spec() -> FinalAccountsSpec:
    """伍家岭街道办事处 2022: every figure the seed report states; the code breakdown is invented."""
    lines = [
        ExpenditureLine("2010301", "gpb", basic=D("1850.49")),
        ExpenditureLine("2080505", "gpb", basic=D("210.00")),
        ExpenditureLine("2080506", "gpb", basic=D("60.00")),
        ExpenditureLine("2101101", "gpb", basic=D("80.00")),
        ExpenditureLine("2210201", "gpb", basic=D("200.00")),
        ExpenditureLine("2120501", "gpb", project=D("201.35")),
        ExpenditureLine("2120199", "gpb", project=D("465.40")),
        ExpenditureLine("2080208", "gpb", project=D("752.90")),
        ExpenditureLine("2100410", "gpb", project=D("400.00")),
        ExpenditureLine("2080199", "gpb", project=D("330.10")),
        ExpenditureLine("2010399", "gpb", project=D("299.68")),
        ExpenditureLine("2010302", "gpb", project=D("239.25")),
        ExpenditureLine("2120104", "gpb", project=D("80.44")),
        ExpenditureLine("2049901", "gpb", project=D("141.11")),
        ExpenditureLine("2120899", "gov_fund", project=D("16.00")),
        ExpenditureLine("2230105", "state_capital", project=D("38.45")),
        ExpenditureLine("2080299", "other", project=D("72.55")),
    ]
    personnel = {
        "30101": "620.00",
        "30102": "700.00",
        "30103": "150.00",
        "30108": "210.00",
        "30109": "60.00",
        "30110": "80.00",
        "30113": "200.00",
        "30199": "50.00",
        "30302": "120.00",
        "30305": "20.00",
    }
    office = {
        "30201": "40.00",
        "30205": "5.00",
        "30206": "20.00",
        "30207": "8.00",
        "30211": "6.00",
        "30213": "15.00",
        "30217": "0.96",
        "30228": "30.00",
        "30229": "20.00",
        "30231": "2.85",
        "30239": "25.00",
        "30299": "17.68",
    }
    economic = [EconomicLine(c, "personnel", D(v)) for c, v in personnel.items()]
    economic += [EconomicLine(c, "office", D(v)) for c, v in office.items()]
    three = {
        "overseas_travel": (D(0), D(0)),
        "vehicle_purchase": (D(0), D(0)),
        "vehicle_operation": (D("3.20"), D("2.85")),
        "reception": (D("1.50"), D("0.96")),
    }
    return FinalAccountsSpec("长沙市开福区伍家岭街道办事处", 2022, lines, economic, three)


def scaled_spec(
    base: FinalAccountsSpec, unit_label: str, year: int, factor: str
) -> FinalAccountsSpec:
    """An invented unit: `base` with every amount scaled by `factor` (rounded to 0.01 万元)."""
    f = Decimal(factor)
    q = Decimal("0.01")
    lines = [
        ExpenditureLine(
            ln.code, ln.source, (ln.basic * f).quantize(q), (ln.project * f).quantize(q)
        )
        for ln in base.lines
    ]
    basic_total = sum((ln.basic for ln in lines if ln.source == "gpb"), Decimal(0))
    economic = [EconomicLine(e.code, e.block, (e.amount * f).quantize(q)) for e in base.economic]
    # keep personnel + office = gpb basic exactly: the rounding remainder goes to 30299
    diff = basic_total - sum((e.amount for e in economic), Decimal(0))
    for e in economic:
        if e.code == "30299":
            e.amount += diff
    three = {
        k: ((b * f).quantize(q), (v * f).quantize(q)) for k, (b, v) in base.three_public.items()
    }
    return FinalAccountsSpec(unit_label, year, lines, economic, three)


# --- self-evaluation form --------------------------------------------------------------


@dataclass
class FormSpec:
    """An invented 部门整体支出绩效自评表 (amounts in 万元)."""

    unit_label: str
    year: int
    #: (block, line, 年初预算数, 全年预算数, 全年执行数, 分值, 得分); rate is derived
    funding: list[tuple[str, str, Decimal, Decimal, Decimal, float | None, float | None]]
    goal: str
    goal_actual: str
    #: (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因)
    indicators: list[tuple[str, str, str, str, str, float, float, str]]


def seed_form_spec() -> FormSpec:
    """A self-evaluation form for the seed unit (invented beyond the report's figures)."""
    return FormSpec(
        "长沙市开福区伍家岭街道办事处",
        2022,
        [
            ("total", "年度资金总额", D("3338.72"), D("5437.72"), D("5437.72"), 10, 10),
            ("income", "一般公共预算", D("3338.72"), D("5310.72"), D("5310.72"), None, None),
            ("income", "政府性基金", D(0), D("16.00"), D("16.00"), None, None),
            ("income", "其他资金", D(0), D("111.00"), D("111.00"), None, None),
            ("expenditure", "基本支出", D("2300.00"), D("2400.49"), D("2400.49"), None, None),
            ("expenditure", "项目支出", D("1038.72"), D("3037.23"), D("3037.23"), None, None),
        ],
        "保障街道机构正常运转，做好城市管理、公共服务、社会管理和平安建设。",
        "全年机构运转正常，12345热线受理工单4277件，满意率97.48%。",
        [
            ("产出指标", "数量指标", "12345热线工单办结数", "≥4000件", "4277件", 20, 20, ""),
            (
                "产出指标",
                "质量指标",
                "背街小巷保洁达标率",
                "100%",
                "98%",
                15,
                14,
                "个别小巷保洁不及时，已加强巡查",
            ),
            ("产出指标", "时效指标", "两保人员工资按月发放", "按月发放", "按月发放", 10, 10, ""),
            ("产出指标", "成本指标", "项目成本节约率", "≥0", "0.5%", 5, 5, ""),
            ("效益指标", "社会效益", "辖区治安案件下降率", "≥5%", "6.2%", 15, 15, ""),
            (
                "效益指标",
                "可持续影响",
                "社区治理长效机制",
                "持续完善",
                "持续完善",
                10,
                9,
                "机制建设仍需巩固",
            ),
            ("满意度指标", "服务对象满意度", "群众满意度", "≥90%", "97.48%", 15, 15, ""),
        ],
    )


def write_performance_form(path: str | Path, spec: FormSpec) -> Path:
    """Write a 部门整体支出绩效自评表 workbook (funding block, goals, indicators, 总分)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体支出绩效自评表"
    ws.cell(row=1, column=1, value=f"{spec.year}年度部门整体支出绩效自评表").font = Font(
        bold=True, size=14
    )
    ws.merge_cells("A1:H1")
    ws.cell(row=2, column=1, value=f"填报单位：{spec.unit_label}")
    ws.cell(row=2, column=8, value="金额单位：万元")
    r = 3
    for c, h in enumerate(
        ["资金情况", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], 1
    ):
        ws.cell(row=r, column=c, value=h or None)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
    r += 1
    first_income = first_exp = None
    for block, line, start, full, done, weight, score in spec.funding:
        if block == "total":
            ws.cell(row=r, column=1, value=line)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
        else:
            head = "按收入性质分" if block == "income" else "按支出性质分"
            if block == "income" and first_income is None:
                first_income = r
                ws.cell(row=r, column=1, value=head)
            if block == "expenditure" and first_exp is None:
                first_exp = r
                ws.cell(row=r, column=1, value=head)
            ws.cell(row=r, column=2, value=line)
        ws.cell(row=r, column=3, value=float(start))
        ws.cell(row=r, column=4, value=float(full))
        ws.cell(row=r, column=5, value=float(done))
        ws.cell(row=r, column=6, value=weight)
        rate = (done / full * 100).quantize(Decimal("0.01")) if full else None
        ws.cell(row=r, column=7, value=f"{rate}%" if rate is not None else None)
        ws.cell(row=r, column=8, value=score)
        r += 1
    for first, block in ((first_income, "income"), (first_exp, "expenditure")):
        if first is not None:
            n = sum(1 for f in spec.funding if f[0] == block)
            if n > 1:
                ws.merge_cells(start_row=first, start_column=1, end_row=first + n - 1, end_column=1)
    ws.cell(row=r, column=1, value="年度总体目标")
    ws.cell(row=r, column=2, value="预期目标")
    ws.cell(row=r, column=5, value="实际完成情况")
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=8)
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 1, end_column=1)
    r += 1
    ws.cell(row=r, column=2, value=spec.goal)
    ws.cell(row=r, column=5, value=spec.goal_actual)
    ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
    ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=8)
    r += 1
    headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    for c, h in enumerate(headers, 1):
        ws.cell(row=r, column=c, value=h)
    r += 1
    start = r
    for level1, level2, level3, target, actual, weight, score, reason in spec.indicators:
        ws.cell(row=r, column=1, value=level1)
        ws.cell(row=r, column=2, value=level2)
        for c, v in enumerate([level3, target, actual, weight, score, reason or None], 3):
            ws.cell(row=r, column=c, value=v)
        r += 1
    # merge runs of equal 一级指标 vertically, as real forms do
    run = start
    for rr in range(start + 1, r + 1):
        if rr == r or ws.cell(row=rr, column=1).value != ws.cell(row=run, column=1).value:
            if rr - 1 > run:
                for k in range(run + 1, rr):
                    ws.cell(row=k, column=1).value = None
                ws.merge_cells(start_row=run, start_column=1, end_row=rr - 1, end_column=1)
            run = rr
    total_weight = sum(x[5] for x in spec.indicators) + sum(
        f[5] or 0 for f in spec.funding if f[0] == "total"
    )
    total_score = sum(x[6] for x in spec.indicators) + sum(
        f[6] or 0 for f in spec.funding if f[0] == "total"
    )
    ws.cell(row=r, column=1, value="总分")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
    ws.cell(row=r, column=6, value=total_weight)
    ws.cell(row=r, column=7, value=total_score)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out


# --- an invented breakdown from category totals ------------------------------------------

#: Template of leaf lines per category: (code, source, share). Shares of one category sum
#: to 1; the rounding remainder goes to the category's last line so totals stay exact.
BREAKDOWN_TEMPLATE: dict[str, list[tuple[str, str, str]]] = {
    "basic": [
        ("2010301", "gpb", "0.77"),
        ("2080505", "gpb", "0.09"),
        ("2080506", "gpb", "0.025"),
        ("2101101", "gpb", "0.035"),
        ("2210201", "gpb", "0.08"),
    ],
    "project": [
        ("2010302", "gpb", "0.10"),
        ("2010399", "gpb", "0.10"),
        ("2049901", "gpb", "0.05"),
        ("2080199", "gpb", "0.11"),
        ("2080208", "gpb", "0.26"),
        ("2100410", "gpb", "0.14"),
        ("2120104", "gpb", "0.03"),
        ("2120199", "gpb", "0.14"),
        ("2120501", "gpb", "0.07"),
    ],
    "gov_fund": [("2120899", "gov_fund", "1")],
    "state_capital": [("2230105", "state_capital", "1")],
    "other": [("2080299", "other", "1")],
}

#: Economic template of the basic expenditure: (code, block, share of gpb basic).
ECONOMIC_TEMPLATE: list[tuple[str, str, str]] = [
    ("30101", "personnel", "0.26"),
    ("30102", "personnel", "0.29"),
    ("30103", "personnel", "0.06"),
    ("30108", "personnel", "0.09"),
    ("30109", "personnel", "0.025"),
    ("30110", "personnel", "0.035"),
    ("30113", "personnel", "0.08"),
    ("30302", "personnel", "0.05"),
    ("30201", "office", "0.02"),
    ("30206", "office", "0.01"),
    ("30217", "office", "0.005"),
    ("30228", "office", "0.015"),
    ("30231", "office", "0.01"),
    ("30299", "office", "0.05"),
]


def _split(total: Decimal, shares: list[str]) -> list[Decimal]:
    q = Decimal("0.01")
    parts = [(total * Decimal(s)).quantize(q) for s in shares]
    parts[-1] += total - sum(parts, Decimal(0))
    return parts


def invented_spec(
    unit_label: str,
    year: int,
    basic: Decimal,
    project: Decimal,
    gov_fund: Decimal = Decimal(0),
    state_capital: Decimal = Decimal(0),
    other: Decimal = Decimal(0),
) -> FinalAccountsSpec:
    """A spec whose tables state exactly these category totals (万元), with an invented breakdown."""
    amounts = {
        "basic": Decimal(basic),
        "project": Decimal(project),
        "gov_fund": Decimal(gov_fund),
        "state_capital": Decimal(state_capital),
        "other": Decimal(other),
    }
    lines: list[ExpenditureLine] = []
    for category, template in BREAKDOWN_TEMPLATE.items():
        if not amounts[category]:
            continue
        parts = _split(amounts[category], [s for _, _, s in template])
        for (code, source, _), amount in zip(template, parts, strict=True):
            if category == "basic":
                lines.append(ExpenditureLine(code, source, basic=amount))
            else:
                lines.append(ExpenditureLine(code, source, project=amount))
    economic = [
        EconomicLine(code, block, amount)
        for (code, block, _), amount in zip(
            ECONOMIC_TEMPLATE,
            _split(amounts["basic"], [s for _, _, s in ECONOMIC_TEMPLATE]),
            strict=True,
        )
    ]
    by_code = {e.code: e.amount for e in economic}
    q = Decimal("0.01")
    three = {
        "overseas_travel": (Decimal(0), Decimal(0)),
        "vehicle_purchase": (Decimal(0), Decimal(0)),
        "vehicle_operation": ((by_code["30231"] * Decimal("1.1")).quantize(q), by_code["30231"]),
        "reception": ((by_code["30217"] * Decimal("1.2")).quantize(q), by_code["30217"]),
    }
    return FinalAccountsSpec(unit_label, year, lines, economic, three)
