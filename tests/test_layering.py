"""The layering (issue 11): the domain package never imports Dagster or the sample
generators, and the Dagster layer never imports the sample generators either; pipeline's
modules import one another without a circle and without reaching for another module's
private names; no module or function outgrows the size a reader takes in at once."""

from __future__ import annotations

import ast
from collections.abc import Iterator
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


# --- import graph of pipeline/ ------------------------------------------------------------

#: Circles in files other work owns (each to be broken there): the reader modules take
#: ReadError from their package, which dispatches to them; warehouse.writes names
#: load.LoadOutcome for its type hints. A circle not listed fails, and so does a listed
#: one that is gone (so the list only shrinks).
KNOWN_CYCLES = {
    frozenset(
        {
            "pipeline.readers",
            "pipeline.readers.docx",
            "pipeline.readers.guards",
            "pipeline.readers.text",
        }
    ),
    frozenset({"pipeline.warehouse.load", "pipeline.warehouse.writes"}),
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / "pipeline").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _pipeline_imports(name: str, path: Path, modules: dict) -> Iterator[tuple[str, str]]:
    """(module imported, name taken from it) for every pipeline import anywhere in the file:
    top level, inside functions and under TYPE_CHECKING alike ('' for a plain import)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base not in modules and not base.startswith("pipeline"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub, "") if sub in modules else (base, alias.name)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {m for m, _ in _pipeline_imports(name, path, modules) if m in modules and m != name}
        for name, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_pipeline_imports_have_no_circle():
    cycles = set(_cycles(_graph()))
    new = [" ↔ ".join(sorted(c)) for c in cycles - KNOWN_CYCLES]
    assert not new, "import circles:\n" + "\n".join(new)
    gone = [" ↔ ".join(sorted(c)) for c in KNOWN_CYCLES - cycles]
    assert not gone, "broken circles still listed in KNOWN_CYCLES:\n" + "\n".join(gone)


def test_the_cycle_finder_sees_function_level_and_type_checking_imports():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    modules = _modules()
    # pipeline.extract imports the pool inside a function, checks its stage inside one too
    assert "pipeline.extract.pool" in _graph()["pipeline.extract"]
    assert "pipeline.checks.workbook" in _graph()["pipeline.checks"]
    # warehouse.writes takes LoadOutcome under TYPE_CHECKING only
    taken = set(
        _pipeline_imports(
            "pipeline.warehouse.writes", modules["pipeline.warehouse.writes"], modules
        )
    )
    assert ("pipeline.warehouse.load", "LoadOutcome") in taken


def test_no_module_imports_another_modules_private_names():
    modules = _modules()
    broken = [
        f"{name} imports {taken} from {module}"
        for name, path in modules.items()
        for module, taken in _pipeline_imports(name, path, modules)
        if taken.startswith("_") and not taken.startswith("__") and module != name
    ]
    assert not broken, "private names imported across modules:\n" + "\n".join(broken)


# --- size ---------------------------------------------------------------------------------

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80
#: Modules that are data tables (wordings, layouts, the table registry), long by nature:
#: each is one declaration after another, with no function in it.
DATA_TABLES = {
    "pipeline/vocab.py": "every wording and pattern of the text extraction",
    "pipeline/layouts.py": "every table title, header synonym, row label and column map",
    "pipeline/metadata/tables.py": "the registry of every table and column",
}


def _python_files() -> list[Path]:
    return sorted(p for package in ("pipeline", "assets") for p in (ROOT / package).rglob("*.py"))


def oversized() -> list[str]:
    """Every module over MAX_MODULE_LINES (data tables apart) and function over
    MAX_FUNCTION_LINES in pipeline/ and assets/, longest first."""
    found: list[tuple[int, str]] = []
    for path in _python_files():
        rel = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        n = len(text.splitlines())
        if n > MAX_MODULE_LINES and rel not in DATA_TABLES:
            found.append((n, f"{rel}: {n} lines"))
        for node in ast.walk(ast.parse(text, filename=rel)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found.append((length, f"{rel}:{node.lineno} {node.name}: {length} lines"))
    return [line for _, line in sorted(found, reverse=True)]


def test_no_module_or_function_is_oversized():
    too_big = oversized()
    assert not too_big, "over the size limits:\n" + "\n".join(too_big)


def test_the_data_tables_hold_only_data():
    for rel in DATA_TABLES:
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        logic = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        ]
        assert not logic, f"{rel} is listed as a data table but defines {logic}"


if __name__ == "__main__":
    print("\n".join(oversized()) or "nothing over the limits")
