-- Re-delivery (issue 5): a newer document for the same unit, year and doc_type under
-- another path becomes current; the older keeps its facts as history.
-- The unit is its key (division code, or name|district): two same-named units of
-- different districts are different units.
-- Parameters: $source_id (the newer version), $unit_key, $year, $doc_type, $reason, $now.
UPDATE source_files
SET status = 'superseded',
    is_current = false,
    superseded_by = $source_id,
    reason = $reason,
    status_changed_at = CAST($now AS TIMESTAMP)
WHERE unit_key = $unit_key
  AND year = $year
  AND doc_type = $doc_type
  AND is_current
  AND load_status IN ('loaded', 'flagged')
  AND source_id <> $source_id;
