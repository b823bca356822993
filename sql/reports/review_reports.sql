-- Reports a person should look at (ogi review), most to check first: a current report with a
-- failed check, a cell to review, a value that could not be placed, or a correction applied.
-- $county, $year, $file: NULL for all.
WITH cells AS (
    SELECT sha256, count(DISTINCT (table_code, row_code, column_code)) AS cells_to_check
    FROM cells_to_review
    GROUP BY sha256
),
checks AS (
    SELECT sha256, count(*) AS failed_checks
    FROM validation_issues
    GROUP BY sha256
),
unplaced AS (
    SELECT sha256, count(*) AS unplaced
    FROM unplaced_values
    GROUP BY sha256
),
corrected AS (
    SELECT sha256, count(*) AS corrections
    FROM facts_provenance
    WHERE correction_line IS NOT NULL
    GROUP BY sha256
)
SELECT
    s.source_file,
    s.sha256,
    s.path,
    -- paths are kept relative to the input folder; the latest run's folder is where they are now
    (SELECT input_dir FROM run ORDER BY started_at DESC LIMIT 1) AS input_dir,
    s.agency,
    s.county,
    s.year,
    s.template_version,
    s.status,
    s.detail,
    s.text_source,
    coalesce(c.cells_to_check, 0) AS cells_to_check,
    coalesce(k.failed_checks, 0) AS failed_checks,
    coalesce(u.unplaced, 0) AS unplaced,
    coalesce(x.corrections, 0) AS corrections
FROM source_files AS s
LEFT JOIN cells AS c USING (sha256)
LEFT JOIN checks AS k USING (sha256)
LEFT JOIN unplaced AS u USING (sha256)
LEFT JOIN corrected AS x USING (sha256)
WHERE s.status IN ('loaded', 'loaded_with_issues')
  AND (c.sha256 IS NOT NULL OR k.sha256 IS NOT NULL OR u.sha256 IS NOT NULL OR x.sha256 IS NOT NULL)
  AND ($county IS NULL OR s.county = $county)
  AND ($year IS NULL OR s.year = $year)
  AND ($file IS NULL OR s.source_file = $file)
-- most to check first: the counts of the joins are NULL for a report with none of them, so
-- each is taken as 0 here (a NULL sum would sort such a report by name only)
ORDER BY coalesce(c.cells_to_check, 0) + coalesce(k.failed_checks, 0) + coalesce(u.unplaced, 0) DESC,
         s.agency, s.year, s.source_file;
