-- When a unit-year has no current version left (it was removed), the best regressed
-- re-delivery still on disk becomes current again: nothing an analyst could use is hidden.
-- Parameter $now.
UPDATE source_files
SET status = load_status,
    is_current = true,
    reason = coalesce(load_reason || ' | ', '') || '当前版本已删除，恢复为当前 restored: the version it regressed against was removed',
    status_changed_at = CAST($now AS TIMESTAMP)
WHERE source_id IN (
    SELECT r.source_id
    FROM source_files AS r
    WHERE r.status = 'regressed'
      AND r.is_latest_version
      AND NOT EXISTS (
          SELECT 1 FROM source_files AS c
          WHERE c.is_current AND c.load_status IN ('loaded', 'flagged')
            AND c.unit_key = r.unit_key AND c.year = r.year AND c.doc_type = r.doc_type
      )
    QUALIFY row_number() OVER (
        PARTITION BY r.unit_key, r.year, r.doc_type ORDER BY r.n_figures DESC NULLS LAST, r.source_id DESC
    ) = 1
)
RETURNING source_id;
