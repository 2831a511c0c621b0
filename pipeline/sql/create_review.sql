-- The review queue (issue 14): every figure of a current document that needs a person, one
-- row per document and figure, with what is there, why it is listed and where it was read.
-- Listed: an expected figure that is empty, a figure in a failed identity, a report figure
-- that differs from the workbook, an unresolved unit, a document of type unknown. A figure an
-- analyst confirmed (corrections, status confirmed) leaves the queue; a corrected figure
-- leaves it when its identities and reconciliation then hold (pipeline/review).

-- @generated review_links

CREATE OR REPLACE VIEW review_queue AS
WITH docs AS (
    SELECT source_id, path, file_name, sha256, doc_type, doc_type_reason, unit_key, unit_name,
           district, coalesce(district_code, district) AS district_key, year, unit_resolution,
           is_invented
    FROM source_files
    WHERE is_current AND load_status IN ('loaded', 'flagged')
),
missing AS (
    SELECT d.source_id, e.field AS figure, f.locator, f.sentence,
           'missing' AS issue,
           '应有数字为空 expected figure is empty: ' || e.label
               || coalesce('（' || f.note || '）', '') AS reason
    FROM docs AS d
    JOIN expected_fields AS e ON e.doc_type = d.doc_type
    LEFT JOIN report_figures_effective AS f ON f.source_id = d.source_id AND f.field = e.field
    WHERE f.value_num IS NULL AND f.value_text IS NULL
),
failed AS (
    SELECT c.source_id, c.check_name, c.message, c.locator, c.actual
    FROM check_results_effective AS c
    JOIN docs AS d USING (source_id)
    WHERE NOT c.passed AND c.confirmed_by IS NULL
),
identity AS (
    SELECT c.source_id, coalesce(l.field, 'check:' || c.check_name) AS figure,
           CASE WHEN l.field IS NULL THEN c.locator ELSE f.locator END AS locator,
           f.sentence, 'identity' AS issue,
           '校验未通过 failed check ' || c.check_name || ': ' || coalesce(c.message, '') AS reason
    FROM failed AS c
    LEFT JOIN review_links AS l ON l.link_kind = 'check' AND l.link_name = c.check_name
    LEFT JOIN report_figures_effective AS f ON f.source_id = c.source_id AND f.field = l.field
),
reconciled AS (
    SELECT d.source_id, l.field AS figure, r.report_locator AS locator,
           r.report_sentence AS sentence, 'reconciliation' AS issue,
           '报告与决算表不一致 report differs from the workbook: ' || r.figure || ' 报告 report '
               || CAST(r.report_value AS VARCHAR) || ' vs 决算表 workbook '
               || CAST(r.workbook_value AS VARCHAR) || ' 万元 ('
               || coalesce(r.workbook_locator, '') || ')' AS reason
    FROM reconciliation AS r
    JOIN docs AS d
        ON d.path = r.report_file AND d.unit_key = r.unit_key AND d.year = r.year
       AND d.doc_type = 'performance_report'
    JOIN review_links AS l ON l.link_kind = 'reconciliation' AND l.link_name = r.figure
    WHERE r.status = 'differ'
),
unresolved AS (
    SELECT d.source_id, 'unit_name' AS figure, f.locator, f.sentence, 'unit' AS issue,
           '单位未匹配区划名录 unit not resolved against the division list: '
               || coalesce(d.unit_resolution, 'no unit') AS reason
    FROM docs AS d
    LEFT JOIN report_figures_effective AS f ON f.source_id = d.source_id AND f.field = 'unit_name'
    WHERE d.unit_key IS NULL OR coalesce(d.unit_resolution, '') <> 'resolved'
),
unknown AS (
    SELECT d.source_id, 'doc_type' AS figure, NULL AS locator, NULL AS sentence,
           'doc_type' AS issue,
           '文档类型未知 document type unknown: ' || coalesce(d.doc_type_reason, '') AS reason
    FROM docs AS d
    WHERE d.doc_type = 'unknown'
),
items AS (
    SELECT * FROM missing UNION ALL SELECT * FROM identity UNION ALL SELECT * FROM reconciled
    UNION ALL SELECT * FROM unresolved UNION ALL SELECT * FROM unknown
),
confirmed AS (
    SELECT DISTINCT source_id, figure FROM corrections
    WHERE is_latest AND status = 'confirmed'
),
grouped AS (
    SELECT source_id, figure, coalesce(any_value(locator), '') AS locator,
           any_value(sentence) AS sentence,
           string_agg(DISTINCT issue, ', ' ORDER BY issue) AS issue,
           string_agg(DISTINCT reason, '; ' ORDER BY reason) AS reason
    FROM items
    WHERE NOT EXISTS (
        SELECT 1 FROM confirmed AS k WHERE k.source_id = items.source_id AND k.figure = items.figure)
    GROUP BY source_id, figure
)
SELECT d.district, d.district_key, d.year, d.unit_key, d.unit_name, d.is_invented,
       d.doc_type, d.file_name, d.path, d.sha256 AS source_sha256, g.source_id, g.figure,
       coalesce(CAST(f.value_num AS VARCHAR), f.value_text) AS value, f.value_num,
       g.issue, g.reason, g.locator, coalesce(g.sentence, f.sentence) AS sentence,
       f.source AS value_source
FROM grouped AS g
JOIN docs AS d USING (source_id)
LEFT JOIN report_figures_effective AS f ON f.source_id = g.source_id AND f.field = g.figure;
