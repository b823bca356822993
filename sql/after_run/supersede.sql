-- Run after each batch: of several loaded reports of the same agency and year (a report
-- re-published with different bytes), the one written last is current; the others point
-- to it. Recomputed from scratch, so removing the newer file restores the older one.
UPDATE report_file SET superseded_by = NULL WHERE superseded_by IS NOT NULL;

UPDATE report_file
SET superseded_by = ranked.current_path
FROM (
    SELECT
        path,
        first_value(path) OVER newest AS current_path,
        row_number() OVER newest AS rank
    FROM report_file
    WHERE status IN ('loaded', 'loaded_with_issues') AND agency IS NOT NULL AND year IS NOT NULL
    WINDOW newest AS (PARTITION BY agency, year ORDER BY pdf_date DESC NULLS LAST, path DESC)
) AS ranked
WHERE report_file.path = ranked.path
  AND ranked.rank > 1;
