"""Builders for the format tests: real files made here, never committed (PDF, HTML, MHTML,
hostile zips and PDFs). LibreOffice conversions live in tests/test_formats_office.py."""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

from pipeline.samples.docx_writer import docx_from_lines  # noqa: F401 (re-exported)

ROOT = Path(__file__).resolve().parent.parent
SEED_TXT = ROOT / "raw" / "wujialing_2022_seed.txt"
SEED_DOCX = ROOT / "raw" / "wujialing_2022_seed.docx"
SAMPLE_BOOK = ROOT / "raw" / "sample_wujialing_2022_final_accounts.xlsx"

#: The seed's figures (../shared/corpus/truth.json, wujialing_2022_seed.txt).
SEED_TRUTH = {
    "doc_type": "performance_report",
    "unit_name": "伍家岭街道办事处",
    "district": "开福区",
    "city": "长沙市",
    "year": 2022,
    "staff_in_post": 59,
    "retirees": 47,
    "communities_count": 7,
    "budget_at_start_wan": 3338.72,
    "final_total_wan": 5437.72,
    "basic_wan": 2400.49,
    "project_wan": 2910.23,
    "gov_fund_wan": 16.0,
    "state_capital_wan": 38.45,
    "social_insurance_wan": 0.0,
    "other_wan": 72.55,
}
SEED_PROJECTS = {
    "背街小巷清扫保洁经费": 201.35,
    "城市管理": 465.4,
    "公共服务": 1452.9,
    "两保人员经费": 30.1,
    "其他事务": 299.68,
    "社会管理": 239.25,
    "协管员工资保险经费": 80.44,
    "治安巡防队员、流动人口协管员经费": 141.1,
}


def seed_lines() -> list[str]:
    """The seed report's lines."""
    return [ln for ln in SEED_TXT.read_text(encoding="utf-8").splitlines() if ln.strip()]


def assert_seed_figures(contract: dict) -> None:
    """Every scored figure and project of the seed, as the truth has it."""
    for key, value in SEED_TRUTH.items():
        assert contract[key] == value, f"{key}: {contract[key]!r} != {value!r}"
    got = {p["name"]: p["amount_wan"] for p in contract["projects"]}
    assert got == SEED_PROJECTS


def seed_html(charset: str = "utf-8", chrome: bool = True) -> bytes:
    """The seed as a portal page: navigation, breadcrumb, boilerplate, a table, a footer."""
    lines = seed_lines()
    body = "".join(f"<p>{ln}</p>\n" for ln in lines)
    nav = (
        '<div class="nav"><a href="/">首页</a> | <a>政务公开</a> | <a>财政预决算</a></div>'
        '<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 财政资金</div>'
        if chrome
        else ""
    )
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<title>{lines[0]}</title><script>var x = '伍家岭';</script></head><body>{nav}"
        '<div class="article"><p>发布时间：2023-05-12 来源：伍家岭街道 字体大小：【大 中 小】</p>'
        f"{body}"
        "<table><tr><th>项目名称</th><th>金额（万元）</th></tr>"
        "<tr><td>城市管理</td><td>465.40</td></tr></table></div>"
        '<div id="footer">版权所有：长沙市开福区人民政府 备案号：湘ICP备000000号</div>'
        "</body></html>"
    )
    return page.encode(charset)


def mhtml(html: bytes, charset: str = "utf-8", image_bytes: int = 0) -> bytes:
    """An .mhtml (multipart/related) page, optionally with a large embedded image."""
    boundary = "----=_NextPart_000_0000_01D9"
    parts = [
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n',
        f"--{boundary}\r\nContent-Type: text/html; charset={charset}\r\n"
        "Content-Transfer-Encoding: base64\r\nContent-Location: http://example.invalid/a.html\r\n\r\n",
    ]
    out = io.BytesIO()
    out.write(parts[0].encode())
    out.write(parts[1].encode())
    out.write(base64.encodebytes(html))
    if image_bytes:
        out.write(
            f"\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
            "Content-Location: http://example.invalid/big.png\r\n\r\n".encode()
        )
        chunk = base64.encodebytes(b"\x89PNG" + b"\x00" * 57 * 1000)
        for _ in range(image_bytes // (57 * 1000)):
            out.write(chunk)
    out.write(f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue()


def rewrite_zip(src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes]) -> Path:
    """Copy an Office zip, replacing some members and adding others (deflated)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def reportlab_pdf(path: Path, pages: int = 1, size=(595, 842), text: str = "第{n}页", **kw) -> Path:
    """A PDF of `pages` pages of one CJK line each (reportlab canvas; kw: encrypt=…)."""
    from reportlab.pdfgen import canvas

    from pipeline.samples.pdf_writer import _font

    font = _font()
    c = canvas.Canvas(str(path), pagesize=size, **kw)
    for n in range(1, pages + 1):
        c.setFont(font, 12)
        if text:
            c.drawString(72, size[1] - 72, text.format(n=n))
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A PDF whose page is only an image (a scan): no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        img.putpixel((x, 40), 0)
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawImage(ImageReader(img), 50, 100, width=400, height=560)
    c.showPage()
    c.save()
    return path
