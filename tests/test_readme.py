"""The README's query outputs are what the queries print on the shipped sample data."""

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_readme_queries_are_up_to_date():
    spec = importlib.util.spec_from_file_location(
        "render_queries", REPO / "scripts" / "render_queries.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "README queries are stale: run `make queries`"
