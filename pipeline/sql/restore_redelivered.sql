-- When the version that superseded a re-delivered document is removed, the older one
-- (still on disk) becomes current again with its load status and reason.
-- Parameters: $ids (list of removed source ids), $now.
UPDATE source_files
SET status = load_status,
    is_current = true,
    superseded_by = NULL,
    reason = load_reason,
    status_changed_at = CAST($now AS TIMESTAMP)
WHERE list_contains($ids, superseded_by)
  AND is_latest_version
  AND status = 'superseded'
RETURNING source_id;
