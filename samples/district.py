"""Seeded model of an invented sample district: units, years and figures that reconcile.

Everything here is invented (``is_invented`` is True on every unit). The model holds the
figures *as the documents state them*: a planted inconsistency changes a stated figure
(never the underlying categories), and is recorded in ``UnitYear.planted`` so that
validation has something to catch and the truth says what it should catch.
Amounts are ``Decimal`` in 万元 with exactly two decimals, so sums and 元 conversions
are exact.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from pipeline.models import EXPENDITURE_CATEGORIES

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)

# --- name pools (invented; chosen from rare characters so the combinations are not real
# place names; uniqueness of the pinyin inside each list keeps slugs unique) -------------
NAME_FIRST = [
    ("沁", "qin"), ("棠", "tang"), ("蘅", "heng"), ("澜", "lan"), ("汀", "ting"),
    ("栖", "qi"), ("瑶", "yao"), ("璟", "jing"), ("琰", "yan"), ("筠", "yun"),
    ("霁", "ji"), ("珂", "ke"), ("翎", "ling"), ("苒", "ran"), ("昶", "chang"),
    ("彧", "yu"), ("璞", "pu"), ("骞", "qian"), ("湄", "mei"), ("澈", "che"),
    ("蔚", "wei"), ("焘", "tao"), ("渚", "zhu"), ("漪", "yi"), ("棣", "di"),
    ("蓼", "liao"), ("蕖", "qu"), ("溆", "xu"), ("汐", "xi"), ("岫", "xiu"),
]  # fmt: skip
NAME_SECOND = [
    ("溪", "xi"), ("湖", "hu"), ("川", "chuan"), ("桥", "qiao"), ("坪", "ping"),
    ("岭", "ling"), ("塘", "tang"), ("湾", "wan"), ("洲", "zhou"), ("源", "yuan"),
    ("林", "lin"), ("山", "shan"), ("港", "gang"), ("田", "tian"), ("埠", "bu"),
    ("渡", "du"), ("滨", "bin"), ("沙", "sha"), ("畈", "fan"), ("冲", "chong"),
    ("浦", "pu"), ("墩", "dun"), ("峪", "yu"), ("泉", "quan"), ("亭", "ting"),
    ("堤", "di"), ("坝", "ba"), ("陂", "bei"), ("圩", "wei"), ("矶", "jī"),
]  # fmt: skip
CITY_NAMES = ["澄州市", "汀澜市", "蘅川市"]
DISTRICT_NAMES = ["澜汀区", "蘅溪区", "棠岚区", "沁川区", "璟湖区", "筠塘区", "霁山区", "珂源区"]
#: Chance that a unit has social-insurance-fund spending. Zero: subdistricts and townships
#: have none in practice, and the final-accounts workbook has no table for it, so a non-zero
#: figure would make every such unit fail the report-vs-workbook reconciliation unplanted.
#: Reports still state it (as none, in words or as 0) or omit it.
P_SOCIAL_INSURANCE = 0.0
#: Units per district when a large set is spread over several districts.
UNITS_PER_DISTRICT = 30

COMMUNITY_FIRST = list("新和安康福兴华锦翠映丰春明嘉景秀宁泰怡瑞晴朝乐贤")
COMMUNITY_SECOND = ["苑", "园", "里", "坊", "湾", "庭", "城", "巷", "街", "新村", "花园", "家园"]
VILLAGE_SECOND = ["村", "冲村", "塘村", "坪村", "桥村"]

INTERNAL_BODIES = [
    "党政综合办", "基层党建办", "城市管理办", "公共服务办", "公共安全办", "经济发展办",
    "财政所", "应急管理办", "社会事务办", "综合行政执法办",
]  # fmt: skip
AFFILIATED_BODIES = [
    "政务服务中心", "网格化综合服务中心", "退役军人服务站", "党群服务中心",
    "综合文化站", "社区事务服务中心", "农业综合服务站",
]  # fmt: skip

# --- projects: name, purpose, the unit kinds that have it, the years it exists, a weight
# range for splitting the project total, and its performance targets as
# (class, sub-class, indicator, comparator, value range, unit) ------------------------------
PROJECT_POOL: list[dict] = [
    {
        "name": "背街小巷清扫保洁经费",
        "purpose": "确保背街小巷清扫保洁经费按时足额下拨至社区，维护辖区整体环境卫生",
        "kinds": ("subdistrict",),
        "weight": (3, 10),
        "targets": [
            ("产出", "数量", "开展背街小巷专项整治行动", "≥", (2, 6), "次"),
            ("满意度", "服务对象满意度", "社会公众满意度", "≥", (85, 95), "%"),
            ("成本", "成本", "项目成本节约率", "≥", (0, 0), "%"),
        ],
    },
    {
        "name": "城市管理",
        "purpose": "市容环境卫生、日常整治、拆控违、防汛防旱、数字化城管、垃圾分类、文明创建等工作",
        "kinds": ("subdistrict", "township"),
        "weight": (8, 20),
        "targets": [
            ("产出", "质量", "城市管理数字化案卷处理完成率", "=", (100, 100), "%"),
            ("产出", "数量", "完成专项整治行动", "≥", (3, 8), "次"),
            ("满意度", "服务对象满意度", "社会公众满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "公共服务",
        "purpose": "年度社会救助、老龄工作、救灾救济、拥军优属、劳动就业、社会保障、卫生健康等工作",
        "kinds": ("subdistrict", "township"),
        "weight": (15, 40),
        "targets": [
            ("产出", "数量", "完成劳动就业培训或招聘会", "≥", (2, 6), "次"),
            ("产出", "质量", "12345热线服务工作办结率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "社会公众满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "社会管理",
        "purpose": "人民武装、基层党建、纪检监察、普法教育、司法、维护社会稳定等工作",
        "kinds": ("subdistrict", "township"),
        "weight": (5, 15),
        "targets": [
            ("产出", "数量", "开展主题党日活动", "≥", (8, 12), "次"),
            ("产出", "质量", "党员教育工作覆盖率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "社会公众满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "两保人员经费",
        "purpose": "发放社保、低保专干工资",
        "kinds": ("subdistrict", "township"),
        "weight": (1, 3),
        "targets": [
            ("产出", "时效", "两保人员工资按月发放率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "两保人员满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "协管员工资保险经费",
        "purpose": "发放城管协管员工资并缴纳保险",
        "kinds": ("subdistrict",),
        "weight": (2, 6),
        "targets": [
            ("产出", "时效", "协管员工资按时发放率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "城管协管员满意度", "≥", (85, 95), "%"),
            ("成本", "成本", "项目成本节约率", "≥", (0, 0), "%"),
        ],
    },
    {
        "name": "治安巡防队员、流动人口协管员经费",
        "purpose": "发放治安巡防队员、流动人口协管员工资、奖金，按月缴纳保险",
        "kinds": ("subdistrict",),
        "weight": (3, 8),
        "targets": [
            ("产出", "时效", "工资保险按月足额发放率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "队员满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "社区工作经费",
        "purpose": "保障各社区日常办公、惠民资金和社区服务活动开展",
        "kinds": ("subdistrict", "township"),
        "weight": (4, 12),
        "targets": [
            ("产出", "时效", "社区工作经费按月下拨率", "=", (100, 100), "%"),
            ("产出", "数量", "开展社区服务活动", "≥", (10, 40), "场"),
            ("满意度", "服务对象满意度", "居民满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "老旧小区提质改造",
        "purpose": "老旧小区雨污分流、屋面防水、管线入地及公共空间提质改造",
        "kinds": ("subdistrict",),
        "weight": (5, 25),
        "targets": [
            ("产出", "数量", "完成老旧小区改造", "≥", (2, 8), "个"),
            ("产出", "质量", "工程验收合格率", "=", (100, 100), "%"),
            ("效益", "社会效益", "居民居住环境改善", "=", None, ""),
        ],
    },
    {
        "name": "垃圾分类工作经费",
        "purpose": "垃圾分类宣传督导、分类设施配置和督导员补贴",
        "kinds": ("subdistrict", "township"),
        "weight": (1, 5),
        "targets": [
            ("产出", "质量", "垃圾分类小区覆盖率", "≥", (90, 100), "%"),
            ("产出", "数量", "开展垃圾分类宣传活动", "≥", (4, 12), "次"),
        ],
    },
    {
        "name": "疫情防控经费",
        "purpose": "核酸采样点运行、隔离点保障、防疫物资采购和防控人员补助",
        "kinds": ("subdistrict", "township"),
        "years": (2020, 2022),
        "weight": (3, 15),
        "targets": [
            ("产出", "质量", "重点人群核酸检测覆盖率", "=", (100, 100), "%"),
            ("效益", "社会效益", "重大聚集性疫情发生次数", "=", (0, 0), "次"),
        ],
    },
    {
        "name": "网格化服务管理经费",
        "purpose": "网格员补贴、网格综合服务点运行和网格化信息平台维护",
        "kinds": ("subdistrict", "township"),
        "weight": (2, 8),
        "targets": [
            ("产出", "数量", "建成网格综合服务点", "≥", (6, 20), "个"),
            ("产出", "时效", "网格事件按期办结率", "≥", (95, 100), "%"),
        ],
    },
    {
        "name": "安全生产专项经费",
        "purpose": "安全隐患排查整治、消防演练、燃气安全检查和应急物资储备",
        "kinds": ("subdistrict", "township"),
        "weight": (1, 5),
        "targets": [
            ("产出", "数量", "开展安全生产检查", "≥", (12, 60), "次"),
            ("效益", "社会效益", "重大安全生产事故发生次数", "=", (0, 0), "次"),
        ],
    },
    {
        "name": "退役军人服务保障",
        "purpose": "退役军人走访慰问、优待抚恤和服务站运行",
        "kinds": ("subdistrict", "township"),
        "weight": (1, 3),
        "targets": [
            ("产出", "时效", "优抚金按时发放率", "=", (100, 100), "%"),
            ("满意度", "服务对象满意度", "退役军人满意度", "≥", (90, 98), "%"),
        ],
    },
    {
        "name": "乡村振兴衔接资金",
        "purpose": "产业帮扶、脱贫人口就业奖补和农村基础设施补短板",
        "kinds": ("township",),
        "weight": (8, 25),
        "targets": [
            ("产出", "数量", "实施产业帮扶项目", "≥", (2, 8), "个"),
            ("效益", "经济效益", "脱贫人口人均纯收入增长率", "≥", (5, 10), "%"),
            ("满意度", "服务对象满意度", "受益群众满意度", "≥", (85, 95), "%"),
        ],
    },
    {
        "name": "农村人居环境整治",
        "purpose": "农村户厕改造、生活垃圾收运和村庄清洁行动",
        "kinds": ("township",),
        "weight": (5, 15),
        "targets": [
            ("产出", "数量", "完成户厕改造", "≥", (50, 400), "户"),
            ("产出", "质量", "农村生活垃圾收运覆盖率", "=", (100, 100), "%"),
        ],
    },
    {
        "name": "村级组织运转经费",
        "purpose": "村干部报酬、村级办公经费和服务群众专项经费",
        "kinds": ("township",),
        "weight": (8, 20),
        "targets": [
            ("产出", "时效", "村干部报酬按时发放率", "=", (100, 100), "%"),
            ("产出", "数量", "保障村级组织正常运转", "=", (None), "个"),
        ],
    },
    {
        "name": "防汛抗旱经费",
        "purpose": "防汛物资储备、堤防巡查和山塘水库安全度汛",
        "kinds": ("township", "subdistrict"),
        "weight": (1, 6),
        "targets": [
            ("产出", "数量", "开展防汛应急演练", "≥", (1, 4), "次"),
            ("效益", "社会效益", "汛期人员伤亡事故", "=", (0, 0), "起"),
        ],
    },
    {
        "name": "河长制工作经费",
        "purpose": "河道保洁、巡河护河和水质监测",
        "kinds": ("township",),
        "weight": (1, 4),
        "targets": [
            ("产出", "数量", "镇级河长巡河", "≥", (12, 36), "次"),
            ("产出", "质量", "河道保洁覆盖率", "=", (100, 100), "%"),
        ],
    },
    {
        "name": "民生实事经费",
        "purpose": "加装电梯补助、停车位增设、便民服务点建设等民生实事",
        "kinds": ("subdistrict",),
        "weight": (2, 10),
        "targets": [
            ("产出", "数量", "完成加装电梯备案", "≥", (5, 30), "台"),
            ("满意度", "服务对象满意度", "居民满意度", "≥", (85, 95), "%"),
        ],
    },
]

# --- achievements: (group, sentence template, {placeholder: (label, lo, hi, decimals, unit)})
ACHIEVEMENT_POOL: list[tuple[str, str, dict]] = [
    ("party", "新建两新党支部{a}家，覆盖企业、组织{b}家",
     {"a": ("新建两新党支部", 5, 40, 0, "家"), "b": ("覆盖企业组织", 30, 160, 0, "家")}),
    ("party", "开展主题党日活动{a}次，组织党员志愿服务{b}场次",
     {"a": ("主题党日活动", 12, 36, 0, "次"), "b": ("党员志愿服务", 20, 120, 0, "场次")}),
    ("party", "在省、市、区主流媒体上稿{a}篇",
     {"a": ("媒体上稿", 40, 260, 0, "篇")}),
    ("party", "共受理办结举报投诉问题线索{a}件，立案{b}件",
     {"a": ("受理问题线索", 3, 25, 0, "件"), "b": ("立案", 1, 6, 0, "件")}),
    ("economy", "净增市场主体{a}家，其中净增企业{b}家",
     {"a": ("净增市场主体", 300, 2200, 0, "家"), "b": ("净增企业", 100, 800, 0, "家")}),
    ("economy", "完成固定资产投资{a}亿元，项目入库{b}个",
     {"a": ("固定资产投资", 3, 30, 1, "亿元"), "b": ("项目入库", 5, 40, 0, "个")}),
    ("economy", "协助{a}家企业申报各类奖补资金共计{b}万元",
     {"a": ("协助申报企业", 8, 40, 0, "家"), "b": ("奖补资金", 100, 900, 0, "万元")}),
    ("city", "开展市容秩序专项执法整治行动{a}余次，拆除违规招牌{b}处",
     {"a": ("专项执法整治行动", 50, 260, 0, "次"), "b": ("拆除违规招牌", 10, 80, 0, "处")}),
    ("city", "拆除违法建筑{a}栋共计{b}平方米",
     {"a": ("拆除违法建筑", 5, 60, 0, "栋"), "b": ("拆违面积", 300, 5000, 2, "平方米")}),
    ("city", "完成{a}个老旧小区提质改造，惠及居民{b}户",
     {"a": ("老旧小区提质改造", 1, 9, 0, "个"), "b": ("惠及居民", 300, 4000, 0, "户")}),
    ("safety", "共排查企业{a}家、安全隐患{b}处，整改率{c}%",
     {"a": ("排查企业", 80, 400, 0, "家"), "b": ("安全隐患", 100, 600, 0, "处"),
      "c": ("隐患整改率", 95, 100, 0, "%")}),
    ("safety", "分行业、分楼栋开展消防演练{a}次",
     {"a": ("消防演练", 20, 150, 0, "次")}),
    ("safety", "排查调解矛盾纠纷{a}起，调处成功率{b}%",
     {"a": ("排查调解纠纷", 40, 300, 0, "起"), "b": ("调处成功率", 96, 100, 1, "%")}),
    ("livelihood", "12345便民服务热线累计受理工单{a}件，满意率{b}%",
     {"a": ("12345热线受理工单", 1200, 6500, 0, "件"), "b": ("12345热线满意率", 90, 99.8, 2, "%")}),
    ("livelihood", "年度城镇新增就业{a}人，完成率{b}%",
     {"a": ("城镇新增就业", 200, 1500, 0, "人"), "b": ("新增就业完成率", 100, 130, 0, "%")}),
    ("livelihood", "发放低保金{a}万元，惠及困难群众{b}人",
     {"a": ("发放低保金", 60, 400, 2, "万元"), "b": ("低保惠及人数", 100, 800, 0, "人")}),
    ("livelihood", "开展各类文体惠民活动{a}场，参与群众{b}余人次",
     {"a": ("文体惠民活动", 12, 80, 0, "场"), "b": ("参与群众", 1000, 20000, 0, "人次")}),
    ("rural", "完成农村户厕改造{a}户，村庄清洁行动覆盖率{b}%",
     {"a": ("户厕改造", 40, 400, 0, "户"), "b": ("村庄清洁行动覆盖率", 95, 100, 0, "%")}),
    ("rural", "落实耕地地力保护补贴{a}万元，粮食播种面积{b}亩",
     {"a": ("耕地地力保护补贴", 40, 300, 2, "万元"), "b": ("粮食播种面积", 8000, 60000, 0, "亩")}),
]  # fmt: skip


@dataclass(frozen=True)
class Unit:
    """One invented unit (a 街道办事处 or a 镇人民政府) and what does not change by year."""

    index: int
    slug: str
    short_name: str  # 沁溪街道 / 沁溪镇
    name: str  # 沁溪街道办事处 / 沁溪镇人民政府
    kind: str  # "subdistrict" | "township"
    district: str
    city: str
    retiree_label: str  # 退休 | 离退休: how this unit's reports name its retirees
    internal_bodies: tuple[str, ...]
    affiliated_bodies: tuple[str, ...]
    is_invented: bool = True


@dataclass
class Target:
    """One performance target of a project."""

    indicator_class: str
    sub_class: str
    indicator: str
    comparator: str  # "≥" | "=" | "≤"
    value: int | None
    unit: str


@dataclass
class Project:
    """One project as the report states it (amount may carry a rounding or planted error)."""

    name: str
    amount_wan: Decimal
    purpose: str
    targets: list[Target] = field(default_factory=list)


@dataclass
class Change:
    """A change on the prior year as stated: amount (万元, signed) and % (2 dp) or None."""

    amount: Decimal
    pct: Decimal | None


@dataclass
class Achievement:
    """A quantified result: the sentence and its figures (label, value, unit)."""

    group: str
    sentence: str
    figures: list[tuple[str, Decimal, str]]


@dataclass
class UnitYear:
    """All figures of one unit in one year, as its documents state them."""

    unit: Unit
    year: int
    staff_in_post: int
    staff_prev: int
    establishment: int  # 编制数: a trap, never the staff in post
    staff_admin: int  # 行政编制人员 among those in post (admin + institution may be planted off)
    staff_institution: int
    staff_extra: int  # 编外 people included in the in-post count
    temp_staff: int  # 外聘临时工 / 公益性岗位: not in post
    retirees: int
    community_retirees: int  # 社区退休人员: a separate category (a trap), 0 = not mentioned
    communities: list[str]
    villages: list[str]
    categories: dict[str, Decimal]  # the six categories, true figures
    prev_categories: dict[str, Decimal]
    changes: dict[str, Change]  # as stated
    final_total_stated: Decimal
    budget_at_start: Decimal
    gap_stated: Decimal
    projects: list[Project]
    achievements: list[Achievement]
    rounding_note: str = ""
    planted: list[dict] = field(default_factory=list)

    @property
    def final_total(self) -> Decimal:
        """The true final total: the sum of the six categories."""
        return sum(self.categories.values(), ZERO)

    @property
    def slug(self) -> str:
        """File-name stem of this unit-year (without the sample_ prefix)."""
        return f"{self.unit.slug}_{self.year}"


@dataclass
class District:
    """The generated model: units and their unit-years, ordered by unit then year."""

    seed: int
    years: list[int]
    units: list[Unit]
    unit_years: list[UnitYear]


def q2(x: float | Decimal) -> Decimal:
    """Round to 0.01 (half up), as reports round 万元 amounts."""
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


def pct_change(amount: Decimal, prev: Decimal) -> Decimal | None:
    """Stated change % = change ÷ prior-year amount, 2 dp; 100 when the prior year was 0."""
    if prev == 0:
        return None if amount == 0 else HUNDRED.quantize(CENT)
    return (amount / prev * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def _unit_names(n: int, seed: int) -> list[tuple[str, str]]:
    """n invented (core, slug) pairs. Past the pool's 900 names they repeat, each repeat in
    another district (as 街道 names repeat across a province); slugs stay unique."""
    pool = [(a + b, pa + pb) for a, pa in NAME_FIRST for b, pb in NAME_SECOND]
    random.Random(f"{seed}/names").shuffle(pool)
    seen: set[str] = set()
    out = []
    for i in range(n):
        core, slug = pool[i % len(pool)]
        slug = slug.replace("ī", "i")
        base, k = slug, 2
        while slug in seen:  # two cores with the same pinyin, or a repeated name
            slug, k = f"{base}{k}", k + 1
        seen.add(slug)
        out.append((core, slug))
    return out


def district_name(group: int, seed: int) -> str:
    """The invented district of a group of UNITS_PER_DISTRICT units: the first as it always
    was, every later group a district of its own (names never shared between groups)."""
    first = random.Random(f"{seed}/district/0").choice(DISTRICT_NAMES)
    if group == 0:
        return first
    names = [d for d in DISTRICT_NAMES if d != first]
    names += [
        a + b + "区" for a, _ in NAME_FIRST for b, _ in NAME_SECOND if a + b + "区" not in names
    ]
    return names[(group - 1) % len(names)]


def _make_unit(
    i: int, core: str, slug: str, seed: int, group: int | None = None, kind: str | None = None
) -> Unit:
    rng = random.Random(f"{seed}/unit/{i}")
    drawn = "subdistrict" if rng.random() < 0.6 else "township"
    kind = kind or drawn
    short = core + ("街道" if kind == "subdistrict" else "镇")
    name = short + ("办事处" if kind == "subdistrict" else "人民政府")
    return Unit(
        index=i,
        slug=slug,
        short_name=short,
        name=name,
        kind=kind,
        district=district_name(i // UNITS_PER_DISTRICT if group is None else group, seed),
        city=random.Random(f"{seed}/city").choice(CITY_NAMES),
        retiree_label=rng.choice(["退休", "退休", "离退休"]),
        internal_bodies=tuple(rng.sample(INTERNAL_BODIES, rng.randint(4, 8))),
        affiliated_bodies=tuple(rng.sample(AFFILIATED_BODIES, rng.randint(2, 4))),
    )


def _with_twins(units: list[Unit], twins: int, seed: int) -> list[Unit]:
    """The units plus `twins` more that take the first units' names in the next district:
    same-named units of different districts, which must stay apart in the warehouse."""
    names = _unit_names(len(units), seed)
    group = (len(units) - 1) // UNITS_PER_DISTRICT + 1
    out = list(units)
    for t in range(twins):
        core, slug = names[t % len(names)]
        kind = units[t % len(units)].kind  # the very same name: 沁溪街道办事处 twice
        out.append(_make_unit(len(out), core, f"{slug}_{group}", seed, group=group, kind=kind))
    return out


def _names(rng: random.Random, k: int, suffixes: list[str], avoid: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < k:
        name = rng.choice(COMMUNITY_FIRST) + rng.choice(COMMUNITY_FIRST) + rng.choice(suffixes)
        if name not in avoid and name[0] != name[1]:
            avoid.add(name)
            out.append(name)
    return out


def _amount(rng: random.Random, lo: float, hi: float, whole: float = 0.0) -> Decimal:
    """A random amount; with probability `whole` a whole number of 万元 (like the seed's 16)."""
    x = rng.uniform(lo, hi)
    return Decimal(round(x)).quantize(CENT) if rng.random() < whole else q2(x)


def _evolve(rng: random.Random, prev: dict[str, Decimal], year: int) -> dict[str, Decimal]:
    cur = {
        "basic": q2(float(prev["basic"]) * rng.uniform(0.94, 1.12)),
        "project": q2(float(prev["project"]) * rng.uniform(0.75, 1.3)),
    }
    for cat, (lo, hi), p_start, p_stop in (
        ("gov_fund", (3, 300), 0.3, 0.15),
        ("state_capital", (5, 90), 0.2, 0.2),
        ("social_insurance", (2, 40), P_SOCIAL_INSURANCE, 0.3),
        ("other", (5, 160), 0.3, 0.1),
    ):
        was = prev[cat]
        if was == 0:
            cur[cat] = _amount(rng, lo, hi, 0.15) if rng.random() < p_start else ZERO
        elif rng.random() < p_stop:
            cur[cat] = ZERO
        else:
            cur[cat] = max(q2(float(was) * rng.uniform(0.4, 2.0)), Decimal("1.00"))
    if rng.random() < 0.08:
        # a year next to an amount: basic expenditure that reads like the year (2022.35万元)
        cur["basic"] = Decimal(f"{year}.{rng.randint(10, 99)}")
    return {c: cur[c] for c in EXPENDITURE_CATEGORIES}


def _base_categories(rng: random.Random, kind: str) -> dict[str, Decimal]:
    project_hi = 4500 if kind == "subdistrict" else 5500
    return {
        "basic": _amount(rng, 1200, 3600),
        "project": _amount(rng, 800, project_hi),
        "gov_fund": ZERO if rng.random() < 0.45 else _amount(rng, 3, 300, 0.15),
        "state_capital": ZERO if rng.random() < 0.65 else _amount(rng, 5, 90),
        "social_insurance": _amount(rng, 2, 40) if rng.random() < P_SOCIAL_INSURANCE else ZERO,
        "other": ZERO if rng.random() < 0.35 else _amount(rng, 5, 160),
    }


def _split(rng: random.Random, total: Decimal, weights: list[float]) -> list[Decimal]:
    """Split `total` into parts of whole cents that sum to it exactly."""
    cents = int(total * 100)
    s = sum(weights)
    parts = [max(100, int(cents * w / s)) for w in weights]
    parts[-1] += cents - sum(parts)
    if parts[-1] < 100:  # tiny totals: fall back to an even split
        k = len(parts)
        parts = [cents // k] * k
        parts[-1] += cents - sum(parts)
    order = list(range(len(parts)))
    rng.shuffle(order)
    return [Decimal(parts[i]) / 100 for i in order]


def _targets(rng: random.Random, spec: dict) -> list[Target]:
    out = []
    for cls, sub, text, cmp, rng_vals, unit in spec["targets"]:
        value = None if rng_vals is None else rng.randint(*rng_vals)
        out.append(Target(cls, sub, text, cmp, value, unit))
    return out


def _achievements(rng: random.Random, kind: str) -> list[Achievement]:
    groups = ["party", "economy", "city", "safety", "livelihood"]
    if kind == "township":
        groups[2] = "rural"
    out = []
    for group in groups:
        pool = [a for a in ACHIEVEMENT_POOL if a[0] == group]
        for _, template, spec in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            values: dict[str, str] = {}
            figures = []
            for key, (label, lo, hi, dec, unit) in spec.items():
                v = Decimal(str(round(rng.uniform(lo, hi), dec)))
                if dec == 0:
                    v = Decimal(int(v))
                values[key] = str(v)
                figures.append((label, v, unit))
            out.append(Achievement(group, template.format(**values), figures))
    return out


def _plant(rng: random.Random, uy: UnitYear, first_year: bool) -> None:
    """Plant one inconsistency into the stated figures and record it."""
    kinds = ["categories_sum", "projects_sum", "budget_gap", "change_pct", "staff_parts"]
    if not first_year:
        kinds.append("prior_year_change")
    kind = rng.choice(kinds)
    delta = q2(rng.uniform(1, 60)) * rng.choice([1, -1])
    if kind == "categories_sum":
        uy.final_total_stated = uy.final_total + delta
        uy.gap_stated = uy.final_total_stated - uy.budget_at_start
        msg = f"stated final total {uy.final_total_stated} ≠ sum of categories {uy.final_total}"
    elif kind == "projects_sum":
        p = rng.choice(uy.projects)
        p.amount_wan = max(Decimal("1.00"), p.amount_wan + delta)
        total = sum((x.amount_wan for x in uy.projects), ZERO)
        msg = f"projects sum to {total} ≠ stated project expenditure {uy.categories['project']}"
    elif kind == "budget_gap":
        uy.gap_stated = uy.final_total_stated - uy.budget_at_start + delta
        msg = f"stated gap {uy.gap_stated} ≠ final {uy.final_total_stated} − budget {uy.budget_at_start}"
    elif kind == "change_pct":
        ch = uy.changes["basic"]
        wrong = (ch.pct or ZERO) + q2(rng.uniform(0.5, 4)) * rng.choice([1, -1])
        if wrong == 0:
            wrong = Decimal("1.00")
        uy.changes["basic"] = Change(ch.amount, wrong)
        msg = f"stated basic change {wrong}% ≠ {ch.amount} ÷ prior year"
    elif kind == "staff_parts":
        uy.staff_admin += rng.choice([1, 2, -1, -2])
        uy.staff_admin = max(0, uy.staff_admin)
        msg = (
            f"staff sub-counts {uy.staff_admin}+{uy.staff_institution} ≠ stated in post "
            f"{uy.staff_in_post}"
        )
    else:  # prior_year_change: consistent with itself, not with the prior year's report
        ch = uy.changes["basic"]
        amount = ch.amount + delta
        prev = uy.categories["basic"] - amount
        uy.changes["basic"] = Change(amount, pct_change(amount, prev))
        msg = (
            f"stated basic change {amount} ≠ {uy.categories['basic']} − prior year "
            f"{uy.prev_categories['basic']}"
        )
    uy.planted.append({"check": kind, "message": msg})


def build_district(
    n_units: int = 6,
    years: list[int] | tuple[int, ...] = (2021, 2022, 2023),
    seed: int = 1,
    plant_rate: float = 0.15,
    twins: int = 0,
) -> District:
    """Generate the district model; unit i depends only on (seed, i), so sets nest by size.
    `twins` more units repeat the first names in another district."""
    years = sorted(set(years))
    if not years:
        raise ValueError("no years")
    span = list(range(years[0] - 1, years[-1] + 1))  # one hidden year gives the first changes
    units = [_make_unit(i, c, s, seed) for i, (c, s) in enumerate(_unit_names(n_units, seed))]
    units = _with_twins(units, twins, seed)
    unit_years: list[UnitYear] = []
    for unit in units:
        rng = random.Random(f"{seed}/figures/{unit.index}")
        cats = _base_categories(rng, unit.kind)
        staff = rng.randint(35, 130)
        retirees = rng.randint(15, 90)
        taken: set[str] = set()
        communities = _names(
            rng,
            rng.randint(4, 14) if unit.kind == "subdistrict" else rng.randint(1, 5),
            COMMUNITY_SECOND,
            taken,
        )
        villages = (
            _names(rng, rng.randint(6, 20), VILLAGE_SECOND, taken)
            if unit.kind == "township"
            else []
        )
        eligible = [p for p in PROJECT_POOL if unit.kind in p["kinds"]]
        chosen = rng.sample(eligible, rng.randint(4, min(9, len(eligible))))
        for year in span[1:]:
            prev_cats, prev_staff = cats, staff
            cats = _evolve(rng, prev_cats, year)
            staff = max(20, staff + rng.randint(-3, 4))
            retirees = max(5, retirees + rng.randint(-1, 4))
            if rng.random() < 0.1:
                communities = communities + _names(rng, 1, COMMUNITY_SECOND, taken)
            if rng.random() < 0.2:  # a project added or dropped this year
                spare = [p for p in eligible if p not in chosen]
                if spare and (len(chosen) < 5 or rng.random() < 0.5):
                    chosen = [*chosen, rng.choice(spare)]
                elif len(chosen) > 3:
                    chosen = chosen[:-1]
            if year not in years:
                continue
            specs = [
                p
                for p in chosen
                if p.get("years", (0, 9999))[0] <= year <= p.get("years", (0, 9999))[1]
            ]
            weights = [rng.uniform(*p["weight"]) for p in specs]
            amounts = _split(rng, cats["project"], weights)
            projects = [
                Project(p["name"], a, p["purpose"], _targets(rng, p))
                for p, a in zip(specs, amounts, strict=True)
            ]
            rounding_note = ""
            if rng.random() < 0.25 and len(projects) > 1:
                # the seed's rounding difference: parts sum to the total ± 0.01
                p = rng.choice([x for x in projects if x.amount_wan > 2])
                step = rng.choice([CENT, -CENT])
                p.amount_wan += step
                rounding_note = (
                    f"projects sum to the project figure {'+' if step > 0 else '−'}0.01 (rounding)"
                )
            establishment = staff + rng.choice([-8, -5, -3, -2, 2, 3, 5, 7, 10])
            admin = rng.randint(staff // 4, staff // 2)
            total = sum(cats.values(), ZERO)
            budget = q2(float(total) * rng.uniform(0.55, 1.05))
            uy = UnitYear(
                unit=unit,
                year=year,
                staff_in_post=staff,
                staff_prev=prev_staff,
                establishment=establishment,
                staff_admin=admin,
                staff_institution=staff - admin,
                staff_extra=rng.randint(0, 9),
                temp_staff=rng.randint(5, 120),
                retirees=retirees,
                community_retirees=rng.randint(4, 20) if rng.random() < 0.3 else 0,
                communities=list(communities),
                villages=list(villages),
                categories=dict(cats),
                prev_categories=dict(prev_cats),
                changes={
                    c: Change(
                        cats[c] - prev_cats[c], pct_change(cats[c] - prev_cats[c], prev_cats[c])
                    )
                    for c in EXPENDITURE_CATEGORIES
                },
                final_total_stated=total,
                budget_at_start=budget,
                gap_stated=total - budget,
                projects=projects,
                achievements=_achievements(rng, unit.kind),
                rounding_note=rounding_note,
            )
            if rng.random() < plant_rate:
                _plant(rng, uy, first_year=year == years[0])
            unit_years.append(uy)
    return District(seed=seed, years=years, units=units, unit_years=unit_years)
