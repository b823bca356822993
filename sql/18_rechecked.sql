-- The checks of corrected reports, run again over their corrected values (transform/recheck.py).
-- The loader fills these tables after sql/ is applied, on every run, from data/corrections.csv
-- as it is then: a report listed in rechecked_report takes its failed checks and its cells
-- flagged by identities from here instead of from what its extraction found.
CREATE OR REPLACE TABLE rechecked_report (
    sha256 VARCHAR PRIMARY KEY,
    corrections BIGINT,  -- corrections applied to the report
    failed_checks BIGINT  -- its own checks that still fail over the corrected values
);

CREATE OR REPLACE TABLE rechecked_issue (
    sha256 VARCHAR,
    rule VARCHAR,
    table_code VARCHAR,
    row_code VARCHAR,
    column_code VARCHAR,
    detail VARCHAR
);

CREATE OR REPLACE TABLE rechecked_review (
    sha256 VARCHAR,
    table_code VARCHAR,
    row_code VARCHAR,
    column_code VARCHAR,
    reason VARCHAR,
    detail VARCHAR
);

COMMENT ON TABLE rechecked_report IS 'Reports whose checks were run again over their corrected values, on the last run.';
COMMENT ON TABLE rechecked_issue IS 'Failed checks of the reports in rechecked_report, over their corrected values.';
COMMENT ON TABLE rechecked_review IS 'Cells to review of the reports in rechecked_report, over their corrected values.';
