-- Replace-on-change: earlier versions of a path lose their facts (deleted by the loader
-- in the same transaction) and stay as provenance rows.
-- Parameters: $path, $source_id (the new version), $reason, $now.
UPDATE source_files
SET status = 'superseded',
    is_current = false,
    is_latest_version = false,
    superseded_by = $source_id,
    reason = $reason,
    status_changed_at = CAST($now AS TIMESTAMP)
WHERE path = $path
  AND source_id <> $source_id
  AND is_latest_version;
