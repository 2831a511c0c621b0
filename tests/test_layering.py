"""The layering (issue 11): the domain package never imports Dagster or the sample
generators, and the Dagster layer never imports the sample generators either."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: package → top-level modules it must not import
FORBIDDEN = {
    "pipeline": ("dagster", "dagster_webserver", "dg", "assets", "samples", "scripts", "tests"),
    "assets": ("samples", "scripts", "tests"),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


def test_no_module_crosses_its_layer():
    broken = []
    for package, forbidden in FORBIDDEN.items():
        for path in sorted((ROOT / package).rglob("*.py")):
            bad = _imports(path) & set(forbidden)
            if bad:
                broken.append(f"{path.relative_to(ROOT)} imports {', '.join(sorted(bad))}")
    assert not broken, "layering broken:\n" + "\n".join(broken)


def test_the_samples_live_outside_the_product():
    assert not (ROOT / "pipeline" / "samples").exists()
    assert (ROOT / "samples" / "__init__.py").exists()
