-- Checks that need more than one report. As views they fire whenever the data they
-- compare is present, so a late-arriving older year is checked too.

-- This year's carried_in must equal last year's carried_out, per agency and column.
CREATE OR REPLACE VIEW carry_over_issues AS
WITH carried AS (
    -- as corrected by an analyst, where a correction applies
    SELECT r.sha256, r.source_file, r.agency, r.year, f.column_code, f.row_code, f.current_value AS value
    FROM fact_corrected AS f
    JOIN current_report AS r USING (sha256)
    WHERE f.table_code = 'applications'
      AND f.row_code IN ('carried_in', 'carried_out')
)
SELECT
    this.source_file,
    this.sha256,
    'carry_over_continuity' AS rule,
    'applications' AS table_code,
    'carried_in' AS row_code,
    this.column_code,
    format(msg('sql_carry_over'),
           this.agency, coalesce(c.label_zh, this.column_code), coalesce(format('{:g}', this.value), msg('sql_blank')),
           prev.year, coalesce(format('{:g}', prev.value), msg('sql_blank')), prev.source_file) AS detail
FROM carried AS this
JOIN carried AS prev
  ON prev.agency = this.agency
 AND prev.year = this.year - 1
 AND prev.column_code = this.column_code
 AND prev.row_code = 'carried_out'
LEFT JOIN (
    SELECT code, any_value(label_zh) AS label_zh
    FROM vocabulary
    WHERE table_code = 'applications' AND axis = 'column'
    GROUP BY code
) AS c ON c.code = this.column_code
WHERE this.row_code = 'carried_in'
  -- a blank or "/" beside a printed number stands for nothing to report (0)
  AND (this.value IS NOT NULL OR prev.value IS NOT NULL)
  AND abs(coalesce(this.value, 0) - coalesce(prev.value, 0)) > 1e-6;

COMMENT ON VIEW carry_over_issues IS 'carry_over_continuity failures: carried_in differs from the previous year''s carried_out of the same agency and column.';
