-- Rejected correction rows (pipeline/review) as quarantine rows of their correction file
-- (source_id NULL: a correction file is not a document), kept while the row stands.
DELETE FROM quarantine
WHERE source_id IS NULL AND starts_with(path, $folder)
  AND NOT EXISTS (SELECT 1 FROM _rejected AS r
                  WHERE r.path = quarantine.path AND r.sha256 = quarantine.sha256
                    AND r.reason = quarantine.reason);

INSERT INTO quarantine BY NAME
SELECT CAST(NULL AS BIGINT) AS source_id, r.path, r.sha256, r.reason, r.details,
       CAST($now AS TIMESTAMP) AS quarantined_at
FROM _rejected AS r
WHERE NOT EXISTS (SELECT 1 FROM quarantine AS q
                  WHERE q.source_id IS NULL AND q.path = r.path AND q.sha256 = r.sha256
                    AND q.reason = r.reason);
