-- Views. current_* and report_facts_current show current file versions only (is_current);
-- the base tables keep history (removed and re-delivered versions). The pieces marked
-- generated pieces come from the registry (pipeline/metadata).

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
  AND s.is_latest_version
  AND s.load_status IN ('loaded', 'flagged')
GROUP BY s.unit_key;

-- @generated current_views

COMMENT ON VIEW report_facts IS '每份文档一行的标量数据宽表（含历史版本）/ one row per document version with its scalar figures (history included)';
COMMENT ON VIEW report_facts_current IS '当前版本文档的标量数据宽表 / scalar figures of current document versions only';
COMMENT ON VIEW current_report_figures IS 'report_figures 的当前版本（附单位、年度）/ report_figures of current file versions, with unit and year';
COMMENT ON VIEW current_expenditure IS 'expenditure 的当前版本（附单位、年度）/ expenditure of current file versions, with unit and year';
COMMENT ON VIEW current_projects IS 'projects 的当前版本（附单位、年度）/ projects of current file versions, with unit and year';
COMMENT ON VIEW current_targets IS 'targets 的当前版本（附单位、年度）/ targets of current file versions, with unit and year';
COMMENT ON VIEW current_achievements IS 'achievements 的当前版本（附单位、年度）/ achievements of current file versions, with unit and year';
COMMENT ON VIEW current_texts IS 'texts 的当前版本（附单位、年度）/ texts of current file versions, with unit and year';
COMMENT ON VIEW current_account_lines IS 'account_lines 的当前版本（附单位、年度）/ account_lines of current file versions, with unit and year';
COMMENT ON VIEW current_three_public_lines IS 'three_public_lines 的当前版本（附单位、年度）/ three_public_lines of current file versions, with unit and year';
COMMENT ON VIEW current_form_funding IS 'form_funding 的当前版本（附单位、年度）/ form_funding of current file versions, with unit and year';
COMMENT ON VIEW current_form_indicators IS 'form_indicators 的当前版本（附单位、年度）/ form_indicators of current file versions, with unit and year';
COMMENT ON VIEW current_check_results IS 'check_results 的当前版本（附单位、年度）/ check_results of current file versions, with unit and year';
COMMENT ON VIEW current_document_issues IS 'document_issues 的当前版本（附单位、年度）/ document_issues of current file versions, with unit and year';
COMMENT ON VIEW units IS '单位（街道/乡镇），由已加载文档汇总 / units: subdistricts and townships, derived from the loaded documents';
COMMENT ON COLUMN units.unit_key IS '单位键：12位统计用区划代码，名录中没有的单位为 名称|区县（或 名称||城市）/ unit key: the 12-digit division code, or name|district (name||city) for a unit the division list lacks';
COMMENT ON COLUMN units.unit_name IS '单位名称（区划名录的正式名称）/ unit name (official, from the division list)';
COMMENT ON COLUMN units.division_code IS '统计用区划代码（12位）/ official 12-digit division code';
COMMENT ON COLUMN units.district_code IS '区县区划代码 / district division code';
COMMENT ON COLUMN units.city_code IS '城市区划代码 / city division code';
COMMENT ON COLUMN units.unit_resolution IS '区划名录匹配：resolved 已匹配 / ambiguous 同名多处 / not_found 名录中没有（按原文记录，需核实）/ division-list match: resolved, ambiguous, not_found (kept as written; an analyst should check it)';
COMMENT ON COLUMN units.district IS '所属区县 / district or county';
COMMENT ON COLUMN units.city IS '所属城市 / city';
COMMENT ON COLUMN units.unit_kind IS '单位类型：街道 或 乡镇 / unit kind: 街道 (subdistrict) or 乡镇 (township)';
COMMENT ON COLUMN units.is_invented IS '是否仅见于虚构样例文件 / named only by invented sample documents';
COMMENT ON COLUMN units.has_invented_documents IS '是否有虚构样例文件（真实单位也可能有）/ some document naming the unit is invented sample data';
COMMENT ON COLUMN units.n_sources IS '来源文件版本数 / number of document versions naming the unit';
COMMENT ON COLUMN units.first_year IS '最早年度 / first year';
COMMENT ON COLUMN units.last_year IS '最近年度 / last year';
COMMENT ON COLUMN units.last_loaded_at IS '最近加载时间 / last document loaded at';
