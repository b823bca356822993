-- Of several loaded copies of one report (the same county, agency and year: a report
-- re-published, or the same report under two names), one is current and the others point
-- to it, with why. Run in the transaction that loads a batch, and again after each run;
-- recomputed from scratch, so a change in the folder is followed both ways.
-- The current copy: one still in the input folder, then the copy whose numbers were read from
-- the more exact source (a web page's or Word document's tables, then a PDF's text layer, then
-- copied text, then OCR: text_source), then the newer PDF date, then the copy with fewer failed
-- checks (read completely), then the later path.
UPDATE report_file SET superseded_by = NULL, superseded_why = NULL WHERE superseded_by IS NOT NULL;

UPDATE report_file
SET superseded_by = ranked.current_path,
    superseded_why = CASE
        WHEN ranked.current_present AND NOT ranked.present
        THEN msg('sql_gone')
        WHEN ranked.current_exactness < ranked.exactness
        THEN format(msg('sql_more_exact'), ranked.current_source_label, ranked.source_label)
        WHEN ranked.current_pdf_date > ranked.pdf_date OR (ranked.pdf_date IS NULL AND ranked.current_pdf_date IS NOT NULL)
        THEN format(msg('sql_newer'), ranked.current_pdf_date, coalesce(ranked.pdf_date, msg('sql_unknown_date')))
        WHEN ranked.current_failed_checks < ranked.failed_checks
        THEN format(msg('sql_fewer_failed'), coalesce(ranked.pdf_date, msg('sql_same_date')),
                    ranked.current_failed_checks, ranked.failed_checks)
        ELSE format(msg('sql_equal'), coalesce(ranked.pdf_date, msg('sql_same_date')))
    END
FROM (
    SELECT
        path,
        present,
        pdf_date,
        failed_checks,
        exactness,
        source_label,
        first_value(path) OVER preferred AS current_path,
        first_value(present) OVER preferred AS current_present,
        first_value(pdf_date) OVER preferred AS current_pdf_date,
        first_value(failed_checks) OVER preferred AS current_failed_checks,
        first_value(exactness) OVER preferred AS current_exactness,
        first_value(source_label) OVER preferred AS current_source_label,
        row_number() OVER preferred AS rank
    FROM (
        SELECT
            r.*,
            (SELECT count(*) FROM report_issue AS i WHERE i.sha256 = r.sha256) AS failed_checks,
            coalesce(s.exactness, 2) AS exactness,  -- a release before text_source read PDFs' text layers
            coalesce(s.label_zh, r.text_source) AS source_label
        FROM report_file AS r
        LEFT JOIN text_source AS s ON s.text_source = coalesce(r.text_source, 'text')
        WHERE r.status IN (SELECT status FROM status WHERE loads) AND r.agency IS NOT NULL AND r.year IS NOT NULL
    )
    WINDOW preferred AS (
        PARTITION BY county, agency, year
        ORDER BY present DESC, exactness ASC, pdf_date DESC NULLS LAST, failed_checks ASC, path DESC
    )
) AS ranked
WHERE report_file.path = ranked.path
  AND ranked.rank > 1;
