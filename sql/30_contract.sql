-- The public contract (shared/spec/CONTRACT.md). Names and meanings here are stable.

-- Every failed check: one report's own (report_issue, or rechecked_issue for a report an analyst
-- has corrected: its checks run again over the corrected values) and across reports
-- (carry_over_issues).
CREATE OR REPLACE VIEW validation_issues AS
SELECT r.source_file, i.sha256, i.rule, i.table_code, i.row_code, i.column_code, i.detail
FROM report_issue AS i
JOIN current_report AS r USING (sha256)
WHERE i.sha256 NOT IN (SELECT sha256 FROM rechecked_report)
UNION ALL
SELECT r.source_file, i.sha256, i.rule, i.table_code, i.row_code, i.column_code, i.detail
FROM rechecked_issue AS i
JOIN current_report AS r USING (sha256)
UNION ALL
SELECT source_file, sha256, rule, table_code, row_code, column_code, detail
FROM carry_over_issues;

-- Every file seen; a loaded report with any failed check (cross-report ones included)
-- shows loaded_with_issues, one whose checks all pass (after corrections, too) loaded.
CREATE OR REPLACE VIEW source_files AS
SELECT
    r.source_file,
    r.sha256,
    CASE
        WHEN r.superseded_by IS NOT NULL THEN 'superseded'
        WHEN r.status IN (SELECT status FROM status WHERE loads)
        THEN CASE WHEN EXISTS (SELECT 1 FROM validation_issues AS v WHERE v.sha256 = r.sha256)
                  THEN 'loaded_with_issues' ELSE 'loaded' END
        ELSE r.status
    END AS status,
    CASE
        WHEN r.superseded_by IS NOT NULL
        THEN format(msg('sql_superseded'),
                    r.superseded_by, r.agency, r.year, r.superseded_why)
        -- corrected by an analyst: what the checks say of the corrected values
        WHEN k.sha256 IS NOT NULL
        THEN r.detail || format(msg('sql_rechecked'), k.corrections,
                                (SELECT count(*) FROM validation_issues AS v WHERE v.sha256 = r.sha256))
        -- its own checks passed, but one across years (carry_over_continuity) did not
        WHEN r.status = 'loaded' AND EXISTS (SELECT 1 FROM carry_over_issues AS c WHERE c.sha256 = r.sha256)
        THEN r.detail || format(msg('sql_cross_failed'),
                                (SELECT count(*) FROM carry_over_issues AS c WHERE c.sha256 = r.sha256))
        ELSE r.detail
    END AS detail,
    r.path,
    r.present,
    r.agency,
    r.county,
    r.year,
    r.template_version,
    r.processed_at,
    -- where the numbers were read from (a warehouse of an earlier release read text only)
    CASE WHEN r.status IN (SELECT status FROM status WHERE loads) THEN coalesce(r.text_source, 'text') END
        AS text_source
FROM report_file AS r
LEFT JOIN rechecked_report AS k ON k.sha256 = r.sha256 AND r.superseded_by IS NULL;

-- One row per numeric cell printed in a current loaded report; value as corrected by an
-- analyst where data/corrections.csv says so (the extracted value is in facts_provenance).
CREATE OR REPLACE VIEW facts_long AS
SELECT
    r.source_file,
    f.sha256,
    r.agency,
    r.county,
    r.year,
    r.template_version,
    f.table_code,
    f.row_code,
    f.column_code,
    f.current_value AS value
FROM fact_corrected AS f
JOIN current_report AS r USING (sha256);

-- Every cell of a current report a person should check before trusting it: why (a stable
-- code: fuzzy_label, placed_by_position, not_a_number, in_failed_identity, negative_count,
-- non_integer_count, not_read) and one sentence. A cell an analyst has corrected is done.
CREATE OR REPLACE VIEW cells_to_review AS
WITH review AS (  -- a corrected report's cells as its checks over the corrected values flag them
    SELECT * FROM cell_review WHERE sha256 NOT IN (SELECT sha256 FROM rechecked_report)
    UNION ALL BY NAME
    SELECT * FROM rechecked_review
)
SELECT r.source_file, c.sha256, c.table_code, c.row_code, c.column_code, c.reason, c.detail
FROM review AS c
JOIN current_report AS r USING (sha256)
WHERE NOT EXISTS (
    SELECT 1
    FROM fact_corrected AS f
    WHERE f.sha256 = c.sha256
      AND f.table_code = c.table_code
      AND f.row_code = c.row_code
      AND f.column_code = c.column_code
      AND f.correction_line IS NOT NULL
);

-- Printed values of a current report that no row and column were found for: where they are on
-- the page (PDF points from the top left), what was printed, and the labels read around them.
CREATE OR REPLACE VIEW unplaced_values AS
SELECT r.source_file, u.sha256, u.table_code, u.page, u.printed, u.labels, u.x0, u.y0, u.x1, u.y1
FROM unplaced_value AS u
JOIN current_report AS r USING (sha256);

-- Labels matched by edit distance, by prefix or by position, for a person to review.
CREATE OR REPLACE VIEW label_matches_to_review AS
SELECT r.source_file, f.sha256, f.page, f.table_code, f.row_code, f.column_code,
       f.row_label, f.row_method, f.row_distance, f.column_label, f.column_method
FROM fact AS f
JOIN report_file AS r ON r.sha256 = f.sha256
WHERE f.row_method IN ('fuzzy', 'prefix', 'position') OR f.column_method IN ('fuzzy', 'prefix', 'position');

-- Provenance of every fact of a current report: the printed text, how its labels were
-- matched, the extracted value and any correction over it.
CREATE OR REPLACE VIEW facts_provenance AS
SELECT r.source_file, r.agency, r.year, f.* EXCLUDE (current_value), f.current_value
FROM fact_corrected AS f
JOIN current_report AS r USING (sha256);

COMMENT ON VIEW facts_long IS 'One row per numeric cell printed in a loaded report (contract view).';
COMMENT ON VIEW source_files IS 'One row per input file seen by any run, with its status and why (contract view).';
COMMENT ON VIEW validation_issues IS 'One row per failed check on a loaded report (contract view).';
COMMENT ON VIEW label_matches_to_review IS 'Facts whose row or column label was matched by edit distance or prefix: to be reviewed by a person.';
COMMENT ON VIEW cells_to_review IS 'One row per cell (and reason) a person should check before trusting it (contract view).';
COMMENT ON VIEW unplaced_values IS 'Printed values of a current report that could not be placed, with their box on the page.';
COMMENT ON VIEW facts_provenance IS 'Every fact with its page, printed text and how its labels were matched.';

-- The runs, newest first.
CREATE OR REPLACE VIEW runs AS
SELECT * FROM run ORDER BY started_at DESC;

COMMENT ON VIEW runs IS 'Every batch run, newest first: duration, files by status, facts inserted and replaced, error.';
