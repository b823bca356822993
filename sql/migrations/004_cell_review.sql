-- Migration 4: the cells a person should check before trusting them (label matched loosely or
-- placed by position, not a number, in a broken identity, not read), one row per cell and
-- reason, written with the facts of the same report (contract view cells_to_review).
CREATE TABLE cell_review (
    sha256      VARCHAR NOT NULL,
    table_code  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    detail      VARCHAR NOT NULL
);

COMMENT ON TABLE cell_review IS 'Cells of a loaded report a person should check before trusting them, one row per cell and reason (read by the view cells_to_review).';
