"""Which SQL statements an analyst may run on the warehouse, and the sandbox they run in.

Two layers. The statement is classified first (DuckDB's own parser: `extract_statements`,
`tokenize`) so a refusal comes with a message in plain words. Then it runs on a read-only
connection whose settings forbid file, network and extension access from SQL and are locked
(`READ_ONLY_CONFIG`): whatever the classifier let through can change neither the warehouse
nor the filesystem.
"""

from __future__ import annotations

import duckdb

ST = duckdb.StatementType

#: Settings of every read-only connection: no COPY TO / read_csv / ATTACH of files, no
#: INSTALL, no Python replacement scans, and no SET that could turn any of it back on.
READ_ONLY_CONFIG = {"enable_external_access": False, "lock_configuration": True}

#: PRAGMAs that only report (each is also a table function: SELECT * FROM pragma_table_info('t')).
READ_PRAGMAS = frozenset(
    {
        "table_info",
        "show",
        "show_tables",
        "show_tables_expanded",
        "show_databases",
        "database_list",
        "database_size",
        "storage_info",
        "version",
        "platform",
        "functions",
        "collations",
        "metadata_info",
        "user_agent",
    }
)

#: First words of a statement that only reads (a MULTI statement is allowed only with one of these).
QUERY_VERBS = frozenset(
    {
        "SELECT",
        "FROM",
        "PIVOT",
        "PIVOT_WIDER",
        "UNPIVOT",
        "VALUES",
        "TABLE",
        "DESCRIBE",
        "SUMMARIZE",
        "SHOW",
    }
)
#: Words between WITH and the main statement of a query (names, column lists and bodies aside).
_CTE_GLUE = frozenset({",", "AS", "NOT", "MATERIALIZED", "USING", "KEY", "RECURSIVE"})

_SAVE_HINT = (
    '要保存结果 to keep a result: `python -m pipeline sql "…" --csv --excel > 结果.csv` '
    "(UTF-8 with BOM, opens right in Excel/WPS), or `python -m pipeline export xlsx|html`."
)
_WRITE = (
    "只允许只读查询 only read-only statements are allowed: {kind} would change the warehouse, "
    "which only `make run` changes. " + _SAVE_HINT
)
_FILES = (
    "只允许只读查询 only read-only statements are allowed: {kind} writes or reads files from SQL, "
    "which is not allowed here. " + _SAVE_HINT
)
_DATABASES = (
    "只允许只读查询 only read-only statements are allowed: {kind} opens or switches databases; "
    "queries run on this warehouse only (pick another file with --db FILE)."
)
_EXTENSIONS = (
    "只允许只读查询 only read-only statements are allowed: {kind} installs or loads DuckDB "
    "extensions, which is not allowed here."
)
_SETTINGS = (
    "只允许只读查询 only read-only statements are allowed: {kind} changes settings, which are "
    "fixed for the read-only connection."
)
_OTHER = (
    "只允许只读查询 only read-only statements are allowed (SELECT, WITH, PIVOT, UNPIVOT, "
    "DESCRIBE, SUMMARIZE, SHOW, EXPLAIN, CALL, PRAGMA table_info …); this is {kind}. " + _SAVE_HINT
)
_MESSAGES = {
    ST.COPY: _FILES,
    ST.EXPORT: _FILES,
    ST.COPY_DATABASE: _FILES,
    ST.ATTACH: _DATABASES,
    ST.DETACH: _DATABASES,
    ST.LOAD: _EXTENSIONS,
    ST.EXTENSION: _EXTENSIONS,
    ST.SET: _SETTINGS,
    ST.VARIABLE_SET: _SETTINGS,
    **{
        t: _WRITE
        for t in (
            ST.INSERT,
            ST.UPDATE,
            ST.DELETE,
            ST.CREATE,
            ST.CREATE_FUNC,
            ST.DROP,
            ST.ALTER,
            ST.MERGE_INTO,
            ST.VACUUM,
            ST.ANALYZE,
        )
    },
}


class RefusedStatement(ValueError):
    """A statement that is not allowed on the read-only warehouse (the message says why)."""


def _tokens(sql: str) -> list[tuple[str, str]]:
    """(text, kind) of each token, comments dropped."""
    found = duckdb.tokenize(sql)
    out = []
    for i, (start, kind) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(sql)
        if kind.name != "comment":
            out.append((sql[start:end].strip(), kind.name))
    return out


def main_verb(sql: str) -> str:
    """The statement's leading keyword, after leading brackets and any WITH clause (upper case)."""
    tokens = [t for t, _ in _tokens(sql)]
    base = 0
    while base < len(tokens) and tokens[base] == "(":
        base += 1
    if base >= len(tokens):
        return ""
    if tokens[base].upper() != "WITH":
        return tokens[base].upper()
    depth, i = 0, base + 1
    while i < len(tokens):
        t = tokens[i]
        if t == "(":
            depth += 1
        elif t == ")":
            depth -= 1
            # back at the top after a CTE body or column list: next comes glue or the verb
            if depth == 0 and i + 1 < len(tokens) and tokens[i + 1].upper() not in _CTE_GLUE:
                return tokens[i + 1].upper()
        i += 1
    return ""


def _kind_name(statement: duckdb.Statement) -> str:
    """What to call the statement in a message: its first word (INSTALL, RESET, USE), else its type."""
    verb = main_verb(statement.query)
    return verb if verb.isalpha() else statement.type.name


def _explained(sql: str) -> str:
    """The statement an EXPLAIN [ANALYZE] [(options)] wraps."""
    found = [(s, k) for s, k in duckdb.tokenize(sql) if k.name != "comment"]
    i = 1
    if i < len(found) and sql[found[i][0] :].upper().startswith("ANALYZE"):
        i += 1
    if i < len(found) and sql[found[i][0]] == "(":
        depth = 0
        while i < len(found):
            ch = sql[found[i][0]]
            depth += ch == "("
            depth -= ch == ")"
            i += 1
            if depth == 0:
                break
    return sql[found[i][0] :] if i < len(found) else ""


def _check_pragma(sql: str) -> None:
    tokens = _tokens(sql)
    name = tokens[1][0].lower() if len(tokens) > 1 else ""
    if any(t == "=" for t, _ in tokens):
        raise RefusedStatement(_SETTINGS.format(kind=f"PRAGMA {name} = …"))
    if name not in READ_PRAGMAS:
        raise RefusedStatement(
            f"只允许只读查询 only read-only statements are allowed: PRAGMA {name} is not one of "
            f"the PRAGMAs that only report ({', '.join(sorted(READ_PRAGMAS))})."
        )


def check_read_only(sql: str) -> str:
    """The one statement in `sql` if it only reads; raises RefusedStatement (with why) otherwise."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise RefusedStatement(f"SQL 语法错误 syntax error: {exc}") from exc
    except ValueError as exc:  # a statement type this duckdb's Python enum does not name
        raise RefusedStatement(_OTHER.format(kind="an unknown statement type")) from exc
    if len(statements) != 1:
        raise RefusedStatement(
            f"一次只能执行一条语句 exactly one statement expected, got {len(statements)}"
        )
    statement = statements[0]
    text = statement.query
    kind = statement.type
    if kind in (ST.SELECT, ST.CALL):
        return text
    if kind == ST.PRAGMA:
        _check_pragma(text)
        return text
    if kind == ST.EXPLAIN:
        # EXPLAIN ANALYZE runs what it explains: judge that statement
        inner = _explained(text)
        if not inner.strip():
            raise RefusedStatement(_OTHER.format(kind="EXPLAIN without a statement"))
        check_read_only(inner)
        return text
    if kind == ST.MULTI:
        # DuckDB expands a PIVOT without IN into several statements (it first collects the
        # pivot values); allowed only when the statement itself is a query with a PIVOT
        verb = main_verb(text)
        words = {t.upper() for t, k in _tokens(text) if k == "keyword"}
        if verb in QUERY_VERBS and words & {"PIVOT", "PIVOT_WIDER"}:
            return text
        label = verb or "MULTI"
        message = _WRITE if verb not in ("COPY", "EXPORT") else _FILES
        raise RefusedStatement(message.format(kind=f"{label} (…PIVOT…)"))
    name = _kind_name(statement)
    message = _DATABASES if name == "USE" else _MESSAGES.get(kind, _OTHER)
    raise RefusedStatement(message.format(kind=name))
