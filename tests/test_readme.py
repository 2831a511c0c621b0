"""The README's query outputs are what the queries print on the shipped sample data, and the
queries join units by key (names repeat across districts)."""

import importlib.util
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _render_queries():
    spec = importlib.util.spec_from_file_location(
        "render_queries", REPO / "scripts" / "render_queries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_queries_are_up_to_date():
    module = _render_queries()
    assert module.main(["--check"]) == 0, "README queries are stale: run `make queries`"


def test_readme_queries_never_match_units_by_name():
    # a join or a filter on unit_name merges same-named units of different districts
    by_name = re.compile(
        r"USING\s*\([^)]*\bunit_name\b|\bunit_name\s*=\s*\w+\.unit_name|unit_name\s*=\s*\(SELECT"
    )
    for title, _, sql in _render_queries().QUERIES:
        assert not by_name.search(sql), f"{title}: match units by unit_key, not unit_name"
