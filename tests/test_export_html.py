"""The HTML district report in a real headless Chromium (Debian's, driven by Playwright): it
loads offline with no console error, every chart draws, every figure links to its origin,
and it prints. One browser for the module; a screenshot is saved under tmp_path."""

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from pipeline.export import export_html

CHROMIUM = os.environ.get("BUDGETPERF_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def _missing(message: str):
    # CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def reports(sample_db: Path, tmp_path_factory) -> dict[str, Path]:
    paths = export_html(sample_db, out_dir=tmp_path_factory.mktemp("html"))
    return {p.name: p for p in paths}


@pytest.fixture(scope="module")
def browser():
    """A persistent Chromium context on a fresh profile (never downloads a browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright not installed: make setup installs it (dev extra)")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        _missing(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1100, "height": 900},
        )  # fmt: skip
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def test_one_self_contained_report_per_district_year(reports: dict[str, Path]):
    assert sorted(reports) == [
        "report_开福区_2022.html", "report_沁川区_2021.html", "report_沁川区_2022.html",
        "report_沁川区_2023.html", "report_澜汀区_2021.html", "report_澜汀区_2022.html",
        "report_澜汀区_2023.html",
    ]  # fmt: skip
    html = reports["report_沁川区_2022.html"].read_text(encoding="utf-8")
    assert "default-src 'none'" in html  # nothing outside the file may load
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    summary = html[html.index('id="summary"') : html.index('id="ranking"')]
    assert "已知单位 8 个，7 个报送了绩效报告" in summary
    assert "未报送绩效报告：</b>样例西街道办事处" in summary
    assert "预决算偏离度最大" in summary and "离群值" in summary
    assert "报告与决算表不一致 2 处" in summary and "样例东街道办事处" in summary


def test_report_in_chromium(browser, reports: dict[str, Path], tmp_path: Path):
    page = browser.new_page()
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    path = reports["report_沁川区_2022.html"]
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert errors == []
    assert requests == [path.as_uri()]  # offline: the file and nothing else
    charts = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].map(svg => {
             const box = svg.getBoundingClientRect();
             const marks = [...svg.querySelectorAll('rect.bar, polyline, circle')]
                 .filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; });
             return {w: box.width, h: box.height, marks: marks.length};
           })"""
    )
    assert len(charts) >= 12  # a ranking per metric and the trends
    assert all(c["w"] > 300 and c["h"] > 40 and c["marks"] > 0 for c in charts), charts
    assert page.evaluate("document.querySelectorAll('svg.chart + table').length") == len(charts)
    # every figure links to an entry that names its file; report figures carry the sentence
    broken = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="#p-"]')]
             .filter(a => !document.getElementById(a.getAttribute('href').slice(1)))
             .map(a => a.getAttribute('href'))"""
    )
    assert broken == []
    assert page.evaluate("document.querySelectorAll('svg.chart a').length") > 50  # bars link too
    link = page.locator("#m-final_total_wan a.v", has_text="6,183.91").first
    target = link.get_attribute("href")
    link.click()
    entry = page.locator(f"li{target}").inner_text()
    assert "昶矶街道办事处 2022年" in entry and "sample_changji_2022_report" in entry
    assert "决算数6183.91万元" in entry.replace(",", "")
    shot = tmp_path / "report_沁川区_2022.png"
    page.goto(path.as_uri())
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    pdf = page.pdf(format="A4")  # the print stylesheet
    assert pdf[:5] == b"%PDF-" and len(pdf) > 50_000
    page.close()
