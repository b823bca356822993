-- Migration 6: printed values of a loaded report that could not be placed (no row or column
-- found for them), with where they were printed, for a person to find them in the PDF.
CREATE TABLE unplaced_value (
    sha256     VARCHAR NOT NULL,
    table_code VARCHAR NOT NULL,
    page       INTEGER NOT NULL,
    printed    VARCHAR NOT NULL,
    labels     VARCHAR NOT NULL,
    x0         DOUBLE,
    y0         DOUBLE,
    x1         DOUBLE,
    y1         DOUBLE
);

COMMENT ON TABLE unplaced_value IS 'Printed values of a loaded report no row and column were found for, with their box on the page (read by the view unplaced_values).';
