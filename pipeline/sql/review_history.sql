-- The corrections history (pipeline/review): a row for each correction row whose outcome
-- changed since its latest row, and `reverted` for a row no longer in any correction file.
CREATE OR REPLACE TEMP TABLE _events AS
SELECT o.*
FROM _outcomes AS o
LEFT JOIN corrections AS l ON l.is_latest AND l.row_key = o.row_key
WHERE l.row_key IS NULL OR l.status <> o.status OR l.message IS DISTINCT FROM o.message
   OR l.current_value IS DISTINCT FROM o.current_value
UNION ALL BY NAME
SELECT l.* EXCLUDE (recorded_at, is_latest, status, message),
       'reverted' AS status,
       '更正行已从更正文件删除，恢复抽取值 row removed from the correction file: the extracted value is back' AS message
FROM corrections AS l
WHERE l.is_latest AND l.status <> 'reverted'
  AND l.row_key NOT IN (SELECT row_key FROM _outcomes);

UPDATE corrections SET is_latest = false
WHERE is_latest AND row_key IN (SELECT row_key FROM _events);

INSERT INTO corrections BY NAME
SELECT *, CAST($now AS TIMESTAMP) AS recorded_at, true AS is_latest FROM _events;

DROP TABLE _events;
