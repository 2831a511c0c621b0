-- A file gone from raw/: its facts stay (history) but leave the current views.
-- Parameters: $paths (list), $reason, $now. Returns the affected source ids.
UPDATE source_files
SET status = 'removed',
    is_current = false,
    reason = $reason,
    status_changed_at = CAST($now AS TIMESTAMP)
WHERE list_contains($paths, path)
  AND is_latest_version
  AND status <> 'removed'
RETURNING source_id;
