-- Derived figures (DOMAIN.md §5), defined once, as views over current file versions only.
-- Conventions:
--   * one unit-year = (unit_key, year) of the current documents (is_current); unit_key is the
--     official division code (or name|district), so same-named units stay apart;
--   * districts are grouped by district_key = the district's division code, else its name;
--   * each input comes from the report where the report states it, else from the
--     final-accounts workbook (else, for the budget at start, the department-level
--     self-evaluation form); *_source columns say which ('report' | 'workbook' | 'form',
--     'a/b' when numerator and denominator came from different documents);
--   * ratios are percentages (×100); a zero or missing input gives NULL, never 0;
--   * prior year = the same unit's current documents of year − 1 in this warehouse.

-- --------------------------------------------------------------------- inputs

CREATE OR REPLACE VIEW unit_year_inputs AS
WITH docs AS (
    SELECT *
    FROM report_facts_current
    WHERE unit_key IS NOT NULL AND year IS NOT NULL
      AND doc_type IN ('performance_report', 'final_accounts_workbook', 'performance_form')
      -- a project-level form's 年初预算数 is the project's, not the unit's
      AND (doc_type <> 'performance_form' OR source_id IN (
          SELECT source_id FROM current_report_figures
          WHERE field = 'form_kind' AND value_text = 'department'))
    -- one current document per unit, year and type (re-delivery keeps one; forms may not)
    QUALIFY row_number() OVER (PARTITION BY unit_key, year, doc_type ORDER BY source_id DESC) = 1
),
rep AS (SELECT * FROM docs WHERE doc_type = 'performance_report'),
wb AS (SELECT * FROM docs WHERE doc_type = 'final_accounts_workbook'),
frm AS (SELECT * FROM docs WHERE doc_type = 'performance_form'),
keys AS (SELECT DISTINCT unit_key, year FROM docs),
tp AS (
    -- 三公经费 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费 (the three lines, not the stated 合计)
    SELECT
        source_id,
        max(final_wan) FILTER (WHERE line = 'overseas_travel') AS overseas_wan,
        coalesce(
            max(final_wan) FILTER (WHERE line = 'vehicle_total'),
            max(final_wan) FILTER (WHERE line = 'vehicle_purchase')
                + max(final_wan) FILTER (WHERE line = 'vehicle_operation')
        ) AS vehicle_wan,
        max(final_wan) FILTER (WHERE line = 'reception') AS reception_wan
    FROM current_three_public_lines
    GROUP BY source_id
)
SELECT
    k.unit_key,
    coalesce(rep.unit_name, wb.unit_name, frm.unit_name, u.unit_name) AS unit_name,
    k.year,
    coalesce(rep.district, wb.district, frm.district, u.district) AS district,
    coalesce(rep.district_code, wb.district_code, frm.district_code, u.district_code) AS district_code,
    coalesce(rep.district_code, wb.district_code, frm.district_code, u.district_code,
             rep.district, wb.district, frm.district, u.district) AS district_key,
    coalesce(rep.city, wb.city, frm.city, u.city) AS city,
    -- invented as soon as ANY document feeding the unit-year is: a real report beside an
    -- invented workbook must not lend its realness to the workbook's figures
    coalesce(rep.is_invented, false) OR coalesce(wb.is_invented, false)
        OR coalesce(frm.is_invented, false) AS is_invented,
    rep.source_id AS report_source_id,
    wb.source_id AS workbook_source_id,
    frm.source_id AS form_source_id,
    rep.file_name AS report_file,
    wb.file_name AS workbook_file,
    coalesce(rep.final_total_wan, wb.expenditure_total_wan) AS final_total_wan,
    CASE WHEN rep.final_total_wan IS NOT NULL THEN 'report'
         WHEN wb.expenditure_total_wan IS NOT NULL THEN 'workbook' END AS final_total_source,
    coalesce(rep.budget_at_start_wan, frm.budget_at_start_wan) AS budget_at_start_wan,
    CASE WHEN rep.budget_at_start_wan IS NOT NULL THEN 'report'
         WHEN frm.budget_at_start_wan IS NOT NULL THEN 'form' END AS budget_at_start_source,
    coalesce(rep.basic_wan, wb.gpb_basic_wan) AS basic_wan,
    CASE WHEN rep.basic_wan IS NOT NULL THEN 'report'
         WHEN wb.gpb_basic_wan IS NOT NULL THEN 'workbook' END AS basic_source,
    coalesce(rep.project_wan, wb.gpb_project_wan) AS project_wan,
    CASE WHEN rep.project_wan IS NOT NULL THEN 'report'
         WHEN wb.gpb_project_wan IS NOT NULL THEN 'workbook' END AS project_source,
    coalesce(rep.gov_fund_wan, wb.gov_fund_wan) AS gov_fund_wan,
    CASE WHEN rep.gov_fund_wan IS NOT NULL THEN 'report'
         WHEN wb.gov_fund_wan IS NOT NULL THEN 'workbook' END AS gov_fund_source,
    coalesce(rep.state_capital_wan, wb.state_capital_wan) AS state_capital_wan,
    CASE WHEN rep.state_capital_wan IS NOT NULL THEN 'report'
         WHEN wb.state_capital_wan IS NOT NULL THEN 'workbook' END AS state_capital_source,
    -- the workbook has no social-insurance table: report only
    rep.social_insurance_wan,
    CASE WHEN rep.social_insurance_wan IS NOT NULL THEN 'report' END AS social_insurance_source,
    -- workbook 其他支出 = 支出决算表 合计 − 一般公共预算 − 政府性基金 − 国有资本经营 (DOMAIN §3)
    coalesce(
        rep.other_wan,
        round(wb.expenditure_total_wan - coalesce(wb.gpb_total_wan, wb.gpb_basic_wan + wb.gpb_project_wan)
              - wb.gov_fund_wan - wb.state_capital_wan, 2)
    ) AS other_wan,
    CASE WHEN rep.other_wan IS NOT NULL THEN 'report'
         WHEN wb.expenditure_total_wan IS NOT NULL
              AND coalesce(wb.gpb_total_wan, wb.gpb_basic_wan + wb.gpb_project_wan) IS NOT NULL
              AND wb.gov_fund_wan IS NOT NULL AND wb.state_capital_wan IS NOT NULL
         THEN 'workbook' END AS other_source,
    rep.staff_in_post,
    wb.personnel_wan,
    wb.office_wan,
    tp.overseas_wan + tp.vehicle_wan + tp.reception_wan AS three_public_wan,
    wb.three_public_budget_wan
FROM keys AS k
LEFT JOIN rep USING (unit_key, year)
LEFT JOIN wb USING (unit_key, year)
LEFT JOIN frm USING (unit_key, year)
LEFT JOIN tp ON tp.source_id = wb.source_id
LEFT JOIN units AS u USING (unit_key);

-- One row per unit-year and expenditure category (plus 'total'), the amount the metrics use.
CREATE OR REPLACE VIEW unit_year_category_amounts AS
SELECT unit_key, unit_name, year, district, district_key, category, amount_wan, source
FROM unit_year_inputs,
LATERAL (VALUES
    ('basic', basic_wan, basic_source),
    ('project', project_wan, project_source),
    ('gov_fund', gov_fund_wan, gov_fund_source),
    ('state_capital', state_capital_wan, state_capital_source),
    ('social_insurance', social_insurance_wan, social_insurance_source),
    ('other', other_wan, other_source),
    ('total', final_total_wan, final_total_source)
) AS c(category, amount_wan, source);

-- --------------------------------------------------------------------- year-on-year

CREATE OR REPLACE VIEW unit_year_changes AS
WITH stated AS (
    -- the change on the prior year as the current report states it, per category
    SELECT unit_key, year, category,
           max(change_wan) AS stated_change_wan,
           max(change_pct) AS stated_change_pct
    FROM current_expenditure
    WHERE doc_type = 'performance_report'
    GROUP BY unit_key, year, category
),
cur AS (
    SELECT a.*, p.amount_wan AS prior_amount_wan, p.source AS prior_source
    FROM unit_year_category_amounts AS a
    LEFT JOIN unit_year_category_amounts AS p
        ON p.unit_key = a.unit_key AND p.year = a.year - 1 AND p.category = a.category
    WHERE a.amount_wan IS NOT NULL
),
cmp AS (
    SELECT
        cur.unit_key, cur.unit_name, cur.year, cur.district, cur.district_key, cur.category,
        cur.amount_wan, cur.source, cur.prior_amount_wan, cur.prior_source,
        round(cur.amount_wan - cur.prior_amount_wan, 2) AS computed_change_wan,
        100 * (cur.amount_wan - cur.prior_amount_wan) / nullif(cur.prior_amount_wan, 0) AS computed_change_pct,
        s.stated_change_wan,
        s.stated_change_pct
    FROM cur
    LEFT JOIN stated AS s USING (unit_key, year, category)
)
SELECT
    *,
    round(stated_change_wan - computed_change_wan, 2) AS change_wan_difference,
    round(stated_change_pct - computed_change_pct, 4) AS change_pct_difference,
    CASE
        WHEN prior_amount_wan IS NULL THEN 'no_prior_year'
        WHEN stated_change_wan IS NULL AND stated_change_pct IS NULL THEN 'not_stated'
        -- rounding: two amounts rounded to 0.01 万元; a % stated to 1 or 2 decimals
        WHEN abs(stated_change_wan - computed_change_wan) > 0.02 + 1e-9
          OR abs(stated_change_pct - computed_change_pct) > 0.05 + 1e-9 THEN 'differ'
        WHEN (stated_change_wan IS NULL OR computed_change_wan IS NULL)
         AND (stated_change_pct IS NULL OR computed_change_pct IS NULL) THEN 'not_comparable'
        ELSE 'agree'
    END AS comparison,
    coalesce(abs(stated_change_wan - computed_change_wan) > 0.02 + 1e-9, false)
        OR coalesce(abs(stated_change_pct - computed_change_pct) > 0.05 + 1e-9, false)
        AS change_disagrees
FROM cmp;

-- --------------------------------------------------------------------- indicators

CREATE OR REPLACE VIEW indicator_achievement AS
WITH form_rows AS (
    SELECT
        unit_key, unit_name, year, 'form' AS source, file_name, source_id, row_no,
        concat_ws(' / ', level1, level2, level3) AS indicator,
        -- the comparator written before the form's target value, if any
        CASE
            WHEN regexp_matches(target_text, '^\s*(≥|>=|≧|不低于|不少于|大于等于|大于或等于|至少)') THEN '≥'
            WHEN regexp_matches(target_text, '^\s*(≤|<=|≦|不高于|不超过|小于等于|小于或等于|至多)') THEN '≤'
            WHEN regexp_matches(target_text, '^\s*(>|＞|大于|高于)') THEN '>'
            WHEN regexp_matches(target_text, '^\s*(<|＜|小于|低于)') THEN '<'
            WHEN regexp_matches(target_text, '^\s*(=|＝|等于)') THEN '='
        END AS comparator,
        target_value, unit AS target_unit,
        actual_value, unit AS actual_unit,
        target_text, actual_text,
        'same form row' AS matched_by
    FROM current_form_indicators
),
target_names AS (
    -- the indicator name of a report target: its text without the comparator and value
    SELECT t.*,
           trim(regexp_replace(t.text,
               '(大于等于|大于或等于|不低于|不少于|小于等于|不高于|不超过|达到|达|为|≥|≤|>=|<=|>|<|=)\s*[0-9.]+\s*\S{0,3}$',
               '')) AS name
    FROM current_targets AS t
    WHERE t.doc_type = 'performance_report'
),
candidates AS (
    -- an achievement matches a target only on the same indicator name and the same unit
    SELECT tn.source_id, tn.row_no, a.value, a.unit, a.sentence,
           count(*) OVER (PARTITION BY tn.source_id, tn.row_no) AS n_candidates
    FROM target_names AS tn
    JOIN current_achievements AS a
        ON a.source_id = tn.source_id
       AND length(tn.name) >= 4
       AND a.indicator = tn.name
       AND coalesce(a.unit, '') = coalesce(tn.target_unit, '')
),
report_rows AS (
    SELECT
        tn.unit_key, tn.unit_name, tn.year, 'report' AS source, tn.file_name, tn.source_id, tn.row_no,
        concat_ws(' / ', tn.project, tn.indicator_class, tn.text) AS indicator,
        tn.comparator, tn.target_value, tn.target_unit,
        -- ambiguous matches (several achievements) are not used
        CASE WHEN c.n_candidates = 1 THEN c.value END AS actual_value,
        CASE WHEN c.n_candidates = 1 THEN c.unit END AS actual_unit,
        tn.text AS target_text,
        CASE WHEN c.n_candidates = 1 THEN c.sentence END AS actual_text,
        CASE WHEN c.n_candidates = 1 THEN 'same indicator name and unit' END AS matched_by
    FROM target_names AS tn
    LEFT JOIN candidates AS c USING (source_id, row_no)
    QUALIFY row_number() OVER (PARTITION BY tn.source_id, tn.row_no) = 1
),
rows AS (
    SELECT * FROM form_rows
    UNION ALL BY NAME
    SELECT * FROM report_rows
)
SELECT
    unit_key, unit_name, year, source, file_name, source_id, row_no, indicator, comparator,
    target_value, target_unit, actual_value, actual_unit, target_text, actual_text, matched_by,
    CASE
        WHEN target_value IS NULL OR actual_value IS NULL THEN 'not_comparable'
        WHEN coalesce(target_unit, '') <> coalesce(actual_unit, '') THEN 'not_comparable'
        -- equality meets any comparator; otherwise a comparator is needed to judge
        WHEN abs(actual_value - target_value) < 1e-9 AND coalesce(comparator, '=') IN ('=', '≥', '≤') THEN 'met'
        WHEN comparator IS NULL THEN 'not_comparable'
        WHEN comparator = '≥' THEN CASE WHEN actual_value >= target_value THEN 'met' ELSE 'not_met' END
        WHEN comparator = '≤' THEN CASE WHEN actual_value <= target_value THEN 'met' ELSE 'not_met' END
        WHEN comparator = '>' THEN CASE WHEN actual_value > target_value THEN 'met' ELSE 'not_met' END
        WHEN comparator = '<' THEN CASE WHEN actual_value < target_value THEN 'met' ELSE 'not_met' END
        WHEN comparator = '=' THEN 'not_met'
        ELSE 'not_comparable'
    END AS status,
    CASE
        WHEN target_value IS NULL THEN '目标未量化 target not quantified'
        WHEN actual_value IS NULL AND source = 'report' THEN '无同名同单位的完成值 no achievement with the same name and unit'
        WHEN actual_value IS NULL THEN '完成值未量化 actual not quantified'
        WHEN coalesce(target_unit, '') <> coalesce(actual_unit, '') THEN '单位不同 units differ'
        WHEN comparator IS NULL AND abs(actual_value - target_value) >= 1e-9 THEN '目标无比较符 no comparator stated'
    END AS not_comparable_reason
FROM rows;

-- --------------------------------------------------------------------- completeness

-- @generated expected_fields

-- Units known in a district (in any year) × the years the district has current documents.
CREATE OR REPLACE VIEW district_unit_years AS
WITH unit_district AS (
    SELECT unit_key, district_key, any_value(unit_name) AS unit_name
    FROM (
        SELECT unit_key, district_key, unit_name FROM unit_year_inputs
        UNION ALL
        SELECT unit_key, coalesce(district_code, district), unit_name FROM units
    )
    GROUP BY unit_key, district_key
),
district_years AS (
    SELECT district_key, year, any_value(district) AS district
    FROM unit_year_inputs
    GROUP BY district_key, year
)
SELECT
    dy.district,
    dy.district_key,
    dy.year,
    ud.unit_key,
    ud.unit_name,
    i.report_source_id IS NOT NULL AS has_report,
    i.workbook_source_id IS NOT NULL AS has_workbook,
    i.form_source_id IS NOT NULL AS has_form
FROM district_years AS dy
JOIN unit_district AS ud ON ud.district_key IS NOT DISTINCT FROM dy.district_key
LEFT JOIN unit_year_inputs AS i
    ON i.unit_key = ud.unit_key AND i.year = dy.year;

CREATE OR REPLACE VIEW unit_year_completeness AS
WITH present AS (
    SELECT DISTINCT unit_key, year, doc_type, field
    FROM current_report_figures
    WHERE value_kind <> 'null'
),
expected AS (
    -- the two documents every unit delivers each year, then their fields
    SELECT g.district, g.district_key, g.year, g.unit_key, g.unit_name, 'document' AS kind, d.doc_type, d.doc_type AS item,
           CASE d.doc_type WHEN 'performance_report' THEN g.has_report ELSE g.has_workbook END AS is_present
    FROM district_unit_years AS g,
         (VALUES ('performance_report'), ('final_accounts_workbook')) AS d(doc_type)
    UNION ALL
    SELECT g.district, g.district_key, g.year, g.unit_key, g.unit_name, 'field', e.doc_type, e.field,
           p.field IS NOT NULL
    FROM district_unit_years AS g
    CROSS JOIN expected_fields AS e
    LEFT JOIN present AS p
        ON p.unit_key = g.unit_key AND p.year = g.year AND p.doc_type = e.doc_type AND p.field = e.field
)
SELECT
    unit_key,
    unit_name,
    year,
    district,
    district_key,
    count(*) AS n_expected,
    count(*) FILTER (WHERE is_present) AS n_present,
    100.0 * count(*) FILTER (WHERE is_present) / count(*) AS completeness_pct,
    bool_or(is_present) FILTER (WHERE kind = 'document' AND doc_type = 'performance_report') AS has_report,
    bool_or(is_present) FILTER (WHERE kind = 'document' AND doc_type = 'final_accounts_workbook') AS has_workbook,
    coalesce(string_agg(
        CASE WHEN kind = 'document' THEN item END, ', ' ORDER BY item
    ) FILTER (WHERE NOT is_present), '') AS missing_documents,
    coalesce(string_agg(
        CASE doc_type WHEN 'performance_report' THEN 'report.' ELSE 'workbook.' END || item, ', '
        ORDER BY doc_type DESC, item
    ) FILTER (WHERE NOT is_present AND kind = 'field'), '') AS missing_fields
FROM expected
GROUP BY unit_key, unit_name, year, district, district_key;

-- --------------------------------------------------------------------- metrics per unit-year

CREATE OR REPLACE VIEW unit_year_metrics AS
WITH ind AS (
    SELECT unit_key, year,
           count(*) AS n_indicators,
           count(*) FILTER (WHERE status = 'met') AS n_indicators_met,
           count(*) FILTER (WHERE status = 'not_met') AS n_indicators_not_met,
           count(*) FILTER (WHERE status = 'not_comparable') AS n_indicators_not_comparable
    FROM indicator_achievement
    GROUP BY unit_key, year
),
chg AS (
    SELECT unit_key, year,
           count(*) FILTER (WHERE comparison IN ('agree', 'differ')) AS n_changes_compared,
           count(*) FILTER (WHERE change_disagrees) AS n_change_disagreements
    FROM unit_year_changes
    GROUP BY unit_key, year
)
SELECT
    i.unit_key,
    i.unit_name,
    i.year,
    i.district,
    i.district_code,
    i.district_key,
    i.city,
    i.is_invented,
    i.report_file,
    i.workbook_file,
    i.final_total_wan,
    i.budget_at_start_wan,
    i.basic_wan,
    i.project_wan,
    i.staff_in_post,
    100 * i.final_total_wan / nullif(i.budget_at_start_wan, 0) AS execution_ratio_pct,
    100 * abs(i.final_total_wan - i.budget_at_start_wan) / nullif(i.budget_at_start_wan, 0) AS budget_deviation_pct,
    CASE WHEN i.final_total_wan IS NOT NULL AND i.budget_at_start_wan IS NOT NULL THEN
        CASE WHEN i.final_total_source = i.budget_at_start_source THEN i.final_total_source
             ELSE i.final_total_source || '/' || i.budget_at_start_source END
    END AS execution_source,
    100 * i.basic_wan / nullif(i.final_total_wan, 0) AS basic_share_pct,
    100 * i.project_wan / nullif(i.final_total_wan, 0) AS project_share_pct,
    CASE WHEN i.basic_wan IS NOT NULL AND i.project_wan IS NOT NULL AND i.final_total_wan IS NOT NULL THEN
        CASE WHEN i.basic_source = i.final_total_source AND i.project_source = i.final_total_source
             THEN i.final_total_source
             ELSE i.basic_source || '+' || i.project_source || '/' || i.final_total_source END
    END AS share_source,
    i.final_total_wan / nullif(i.staff_in_post, 0) AS per_staff_wan,
    CASE WHEN i.final_total_wan IS NOT NULL AND i.staff_in_post IS NOT NULL THEN
        CASE WHEN i.final_total_source = 'report' THEN 'report' ELSE i.final_total_source || '/report' END
    END AS per_staff_source,
    i.personnel_wan,
    100 * i.personnel_wan / nullif(i.personnel_wan + i.office_wan, 0) AS personnel_share_pct,
    CASE WHEN i.personnel_wan IS NOT NULL AND i.office_wan IS NOT NULL THEN 'workbook' END AS personnel_source,
    i.three_public_wan,
    p.three_public_wan AS three_public_prior_wan,
    round(i.three_public_wan - p.three_public_wan, 2) AS three_public_change_wan,
    100 * (i.three_public_wan - p.three_public_wan) / nullif(p.three_public_wan, 0) AS three_public_change_pct,
    CASE WHEN i.three_public_wan IS NOT NULL THEN 'workbook' END AS three_public_source,
    p.final_total_wan AS final_total_prior_wan,
    round(i.final_total_wan - p.final_total_wan, 2) AS final_total_change_wan,
    100 * (i.final_total_wan - p.final_total_wan) / nullif(p.final_total_wan, 0) AS final_total_change_pct,
    chg.n_changes_compared,
    chg.n_change_disagreements,
    coalesce(ind.n_indicators, 0) AS n_indicators,
    coalesce(ind.n_indicators_met, 0) AS n_indicators_met,
    coalesce(ind.n_indicators_not_met, 0) AS n_indicators_not_met,
    coalesce(ind.n_indicators_not_comparable, 0) AS n_indicators_not_comparable,
    100.0 * ind.n_indicators_met / nullif(ind.n_indicators_met + ind.n_indicators_not_met, 0) AS indicators_met_pct,
    c.completeness_pct,
    c.missing_documents,
    c.missing_fields
FROM unit_year_inputs AS i
LEFT JOIN unit_year_inputs AS p ON p.unit_key = i.unit_key AND p.year = i.year - 1
LEFT JOIN ind ON ind.unit_key = i.unit_key AND ind.year = i.year
LEFT JOIN chg ON chg.unit_key = i.unit_key AND chg.year = i.year
LEFT JOIN unit_year_completeness AS c ON c.unit_key = i.unit_key AND c.year = i.year;

-- --------------------------------------------------------------------- district comparison

-- @generated metric_definitions

-- @generated metric_values

CREATE OR REPLACE VIEW district_metric_stats AS
SELECT
    v.district_key,
    any_value(v.district) AS district,
    v.year,
    v.metric,
    any_value(d.metric_kind) AS metric_kind,
    count(*) AS n_units,
    -- a sum of ratios means nothing: sums only for amounts and counts
    CASE WHEN any_value(d.metric_kind) <> 'ratio' THEN sum(v.value) END AS sum_value,
    avg(v.value) AS mean_value,
    median(v.value) AS median_value,
    min(v.value) AS min_value,
    max(v.value) AS max_value,
    stddev_samp(v.value) AS stddev_value,
    quantile_cont(v.value, 0.25) AS q1_value,
    quantile_cont(v.value, 0.75) AS q3_value
FROM unit_year_metric_values AS v
JOIN metric_definitions AS d USING (metric)
GROUP BY v.district_key, v.year, v.metric;

CREATE OR REPLACE VIEW district_comparison AS
SELECT
    v.district,
    v.district_key,
    v.year,
    v.metric,
    s.metric_kind,
    v.unit_key,
    v.unit_name,
    v.is_invented,
    v.value,
    s.n_units,
    s.median_value,
    s.mean_value,
    rank() OVER (PARTITION BY v.district_key, v.year, v.metric ORDER BY v.value DESC) AS rank_desc,
    (v.value - s.mean_value) / nullif(s.stddev_value, 0) AS z_score,
    CASE
        WHEN s.n_units < 4 THEN NULL
        ELSE v.value < s.q1_value - 1.5 * (s.q3_value - s.q1_value)
          OR v.value > s.q3_value + 1.5 * (s.q3_value - s.q1_value)
    END AS is_outlier
FROM unit_year_metric_values AS v
JOIN district_metric_stats AS s
    ON s.district_key IS NOT DISTINCT FROM v.district_key AND s.year = v.year AND s.metric = v.metric;

-- --------------------------------------------------------------------- district aggregation

CREATE OR REPLACE VIEW district_reporting AS
SELECT
    district_key,
    any_value(district) AS district,
    year,
    count(*) AS n_units_known,
    count(*) FILTER (WHERE has_report) AS n_units_reported,
    count(*) FILTER (WHERE has_workbook) AS n_units_with_workbook,
    coalesce(string_agg(unit_name, ', ' ORDER BY unit_name) FILTER (WHERE NOT has_report), '')
        AS units_not_reported,
    coalesce(string_agg(unit_name, ', ' ORDER BY unit_name) FILTER (WHERE NOT has_workbook), '')
        AS units_without_workbook
FROM district_unit_years
GROUP BY district_key, year;

CREATE OR REPLACE VIEW district_totals_by_category AS
SELECT
    a.district_key,
    any_value(a.district) AS district,
    a.year,
    a.category,
    sum(a.amount_wan) AS total_wan,
    count(a.amount_wan) AS n_units_with_amount,
    count(*) FILTER (WHERE a.source = 'report') AS n_from_report,
    count(*) FILTER (WHERE a.source = 'workbook') AS n_from_workbook,
    any_value(r.n_units_known) AS n_units_known,
    any_value(r.n_units_reported) AS n_units_reported,
    any_value(r.units_not_reported) AS units_not_reported
FROM unit_year_category_amounts AS a
JOIN district_reporting AS r
    ON r.district_key IS NOT DISTINCT FROM a.district_key AND r.year = a.year
GROUP BY a.district_key, a.year, a.category;

CREATE OR REPLACE VIEW district_totals_by_function AS
SELECT
    i.district_key,
    any_value(i.district) AS district,
    i.year,
    l.code AS class_code,
    mode(regexp_replace(l.name, '^[0-9\s.]+', '')) AS class_name,
    sum(l.amount_wan) AS total_wan,
    count(DISTINCT i.unit_key) AS n_units,
    any_value(r.n_units_known) AS n_units_known,
    any_value(r.units_without_workbook) AS units_without_workbook
FROM current_account_lines AS l
JOIN unit_year_inputs AS i ON i.workbook_source_id = l.source_id
JOIN district_reporting AS r
    ON r.district_key IS NOT DISTINCT FROM i.district_key AND r.year = i.year
-- 支出决算表 本年支出合计 by functional class (3-digit code)
WHERE l.table_name = 'expenditure'
  AND l.classification = 'functional'
  AND l.column_name = 'total'
  AND length(l.code) = 3
GROUP BY i.district_key, i.year, l.code;
