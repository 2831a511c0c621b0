-- Views. current_* and report_facts_current show current file versions only (is_current);
-- the base tables keep history (removed and re-delivered versions). The pieces marked
-- generated pieces come from the registry (pipeline/metadata).

-- analyst corrections (pipeline/review) override extracted rows in these two views
-- @generated effective_views

-- @generated report_facts

-- units: derived, so a load never has to maintain it. One row per unit key (the official
-- division code, or name|district for a unit the division list lacks). A unit is
-- invented only if every document naming it is invented (file-name prefix sample_).
CREATE OR REPLACE VIEW units AS
SELECT
    s.unit_key,
    mode(s.unit_name) AS unit_name,
    any_value(s.division_code) AS division_code,
    mode(s.district) AS district,
    any_value(s.district_code) AS district_code,
    mode(s.city) AS city,
    any_value(s.city_code) AS city_code,
    CASE WHEN bool_or(s.division_code IS NOT NULL) THEN 'resolved'
         ELSE coalesce(mode(s.unit_resolution), 'not_found') END AS unit_resolution,
    CASE
        WHEN mode(s.unit_name) LIKE '%街道%' THEN '街道'
        WHEN regexp_matches(mode(s.unit_name), '[乡镇](人民政府)?$') THEN '乡镇'
    END AS unit_kind,
    bool_and(s.is_invented) AS is_invented,
    bool_or(s.is_invented) AS has_invented_documents,
    count(DISTINCT s.source_id) AS n_sources,
    min(s.year) AS first_year,
    max(s.year) AS last_year,
    max(s.loaded_at) AS last_loaded_at
FROM source_files AS s
WHERE s.unit_key IS NOT NULL
  AND (s.is_latest_version OR s.is_current)
  AND s.load_status IN ('loaded', 'flagged')
GROUP BY s.unit_key;

-- @generated current_views

-- reconciliation__live: each report beside its workbook, from the registry's mapping
-- (pipeline/metadata/reconciliation.py); it refreshes the table reconciliation per unit.
-- @generated reconciliation
