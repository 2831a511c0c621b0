-- Confirmations (pipeline/review): a failed check behind a confirmed figure (review_links)
-- or a confirmed check:NAME gets confirmed_by; the failure itself (passed = false) stays on
-- record. A confirmation no longer in any correction file is taken back.
CREATE OR REPLACE TEMP TABLE _confirmed AS
SELECT c.source_id, c.row_no, c.check_name, c.source, min(k.reviewer) AS reviewer
FROM check_results AS c
JOIN _confirm AS k ON k.source_id = c.source_id
WHERE NOT c.passed
  AND (k.figure = 'check:' || c.check_name
       OR EXISTS (SELECT 1 FROM review_links AS l
                  WHERE l.link_kind = 'check' AND l.link_name = c.check_name
                    AND l.field = k.figure))
GROUP BY ALL;

UPDATE check_results SET confirmed_by = NULL, confirmed_at = NULL
WHERE confirmed_by IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM _confirmed AS m
    WHERE m.source_id = check_results.source_id AND m.row_no = check_results.row_no
      AND m.check_name = check_results.check_name AND m.source = check_results.source);

UPDATE check_results
SET confirmed_by = m.reviewer,
    confirmed_at = coalesce(check_results.confirmed_at, CAST($now AS TIMESTAMP))
FROM _confirmed AS m
WHERE m.source_id = check_results.source_id AND m.row_no = check_results.row_no
  AND m.check_name = check_results.check_name AND m.source = check_results.source
  AND check_results.confirmed_by IS DISTINCT FROM m.reviewer;

DROP TABLE _confirmed;
