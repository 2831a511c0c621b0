-- Warehouse tables (DuckDB). Idempotent: safe to run on an existing warehouse.
--
-- Keys and life cycle (see pipeline/warehouse.py):
--   * a FILE VERSION is (path, sha256) and gets one row in source_files with a
--     surrogate source_id; every fact row carries the source_id it was read from.
--   * a changed file (same path, new sha256) gets a new row; the earlier versions'
--     facts are deleted in the same transaction (replace-on-change) and their rows
--     stay as provenance with status 'superseded' and is_latest_version = false.
--   * a removed file keeps its facts (history) but leaves the current views:
--     status 'removed', is_current = false.
--   * re-delivery: a newer document for the same unit, year and doc_type under
--     another path makes the older one status 'superseded' (superseded_by = newer
--     source_id, facts kept, is_current = false).
--   * views named current_* and report_facts_current use is_current only.
-- No FOREIGN KEY constraints: DuckDB forbids updating rows referenced by a foreign
-- key, and source_files rows are updated on every status change. The relation
-- <fact>.source_id -> source_files.source_id is enforced by the loader and tested.

CREATE SEQUENCE IF NOT EXISTS source_id_seq START 1;

CREATE TABLE IF NOT EXISTS schema_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS source_files (
    source_id BIGINT PRIMARY KEY,
    path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    size_bytes BIGINT,
    doc_type VARCHAR NOT NULL,
    doc_type_reason VARCHAR,
    encoding VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('loaded', 'flagged', 'quarantined', 'skipped', 'superseded', 'removed')),
    load_status VARCHAR CHECK (load_status IN ('loaded', 'flagged', 'quarantined')),
    reason VARCHAR,
    load_reason VARCHAR,
    -- the unit: its 12-digit division code, or name|district (name||city) when the list lacks it
    unit_key VARCHAR,
    unit_name VARCHAR,
    division_code VARCHAR,
    district VARCHAR,
    district_code VARCHAR,
    city VARCHAR,
    city_code VARCHAR,
    unit_resolution VARCHAR,
    year INTEGER,
    is_invented BOOLEAN NOT NULL,
    is_latest_version BOOLEAN NOT NULL,
    is_current BOOLEAN NOT NULL,
    superseded_by BIGINT,
    n_failed_checks INTEGER NOT NULL DEFAULT 0,
    n_issues INTEGER NOT NULL DEFAULT 0,
    first_seen_at TIMESTAMP NOT NULL,
    loaded_at TIMESTAMP,
    status_changed_at TIMESTAMP NOT NULL,
    UNIQUE (path, sha256)
);

CREATE TABLE IF NOT EXISTS report_figures (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    value_kind VARCHAR NOT NULL CHECK (value_kind IN ('number', 'text', 'bool', 'json', 'null')),
    value_num DOUBLE,
    value_text VARCHAR,
    unit VARCHAR,
    note VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS expenditure (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    category VARCHAR NOT NULL,
    amount_wan DOUBLE,
    change_wan DOUBLE,
    change_pct DOUBLE,
    stated_none BOOLEAN,
    reason VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS projects (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    amount_wan DOUBLE,
    purpose VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS targets (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    project VARCHAR,
    indicator_class VARCHAR,
    indicator_subclass VARCHAR,
    text VARCHAR,
    comparator VARCHAR,
    target_value DOUBLE,
    target_unit VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS achievements (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    indicator VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    section VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS texts (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS account_lines (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    table_name VARCHAR NOT NULL,
    classification VARCHAR CHECK (classification IN ('functional', 'economic')),
    code VARCHAR,
    level INTEGER,
    parent_code VARCHAR,
    name VARCHAR,
    column_name VARCHAR NOT NULL,
    amount_wan DOUBLE,
    sheet VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS three_public_lines (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    line VARCHAR NOT NULL,
    name VARCHAR,
    budget_wan DOUBLE,
    final_wan DOUBLE,
    sheet VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS form_funding (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    block VARCHAR,
    line VARCHAR NOT NULL,
    budget_start_wan DOUBLE,
    budget_full_year_wan DOUBLE,
    executed_wan DOUBLE,
    execution_rate_pct DOUBLE,
    weight DOUBLE,
    score DOUBLE,
    sheet VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS form_indicators (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    level1 VARCHAR,
    level2 VARCHAR,
    level3 VARCHAR,
    target_text VARCHAR,
    actual_text VARCHAR,
    target_value DOUBLE,
    actual_value DOUBLE,
    unit VARCHAR,
    weight DOUBLE,
    score DOUBLE,
    deviation_reason VARCHAR,
    sheet VARCHAR,
    locator VARCHAR,
    sentence VARCHAR,
    char_start INTEGER,
    char_end INTEGER
);

CREATE TABLE IF NOT EXISTS check_results (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    check_name VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message VARCHAR,
    expected DOUBLE,
    actual DOUBLE,
    difference DOUBLE,
    locator VARCHAR
);

CREATE TABLE IF NOT EXISTS document_issues (
    source_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    check_name VARCHAR NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
    message VARCHAR
);

CREATE TABLE IF NOT EXISTS quarantine (
    source_id BIGINT,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    details VARCHAR,
    quarantined_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS load_log (
    logged_at TIMESTAMP NOT NULL,
    path VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('loaded', 'flagged', 'quarantined', 'skipped')),
    reason VARCHAR,
    source_id BIGINT
);

CREATE TABLE IF NOT EXISTS reconciliation (
    unit_key VARCHAR NOT NULL,
    unit_name VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    figure VARCHAR NOT NULL,
    report_value DOUBLE,
    workbook_value DOUBLE,
    difference DOUBLE,
    status VARCHAR NOT NULL,
    report_file VARCHAR,
    report_locator VARCHAR,
    report_sentence VARCHAR,
    workbook_file VARCHAR,
    workbook_locator VARCHAR,
    computed_at TIMESTAMP NOT NULL
);

-- Warehouses built before units were keyed by their division code (issue 8) gain the
-- identity columns; their rows get them filled on the next re-extraction.
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS unit_key VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS division_code VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS district VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS district_code VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS city VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS city_code VARCHAR;
ALTER TABLE source_files ADD COLUMN IF NOT EXISTS unit_resolution VARCHAR;
ALTER TABLE reconciliation ADD COLUMN IF NOT EXISTS unit_key VARCHAR;
