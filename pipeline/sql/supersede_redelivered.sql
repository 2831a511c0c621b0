-- Re-delivery: a newer document for the same unit, year and doc_type becomes current; the
-- older keeps its facts as history. Which older version a document supersedes is decided by
-- pipeline/warehouse/plan.py (a worse re-delivery supersedes nothing: it is 'regressed').
-- Frame _superseded(old_id, new_id, reason); parameter $now.
UPDATE source_files
SET status = 'superseded',
    is_current = false,
    superseded_by = s.new_id,
    reason = s.reason,
    status_changed_at = CAST($now AS TIMESTAMP)
FROM _superseded AS s
WHERE source_files.source_id = s.old_id;
