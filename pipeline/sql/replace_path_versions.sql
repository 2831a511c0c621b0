-- Replace-on-change: earlier versions of a path lose their facts (deleted by the loader
-- in the same transaction) and stay as provenance rows.
-- Frame _replaced(old_id, new_id, reason); parameter $now.
UPDATE source_files
SET status = 'superseded',
    is_current = false,
    is_latest_version = false,
    superseded_by = r.new_id,
    reason = r.reason,
    status_changed_at = CAST($now AS TIMESTAMP)
FROM _replaced AS r
WHERE source_files.source_id = r.old_id;
