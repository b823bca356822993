-- The vocabulary (data/vocabulary.csv) inside the warehouse, so analysts can join codes
-- to their official Chinese labels. The loader sets the variable vocabulary_csv.
CREATE OR REPLACE TABLE vocabulary AS
SELECT *
FROM read_csv(getvariable('vocabulary_csv'), header = true, all_varchar = true);

COMMENT ON TABLE vocabulary IS 'Codes of every table, row and column of the V2019 and V2021 templates with their official labels.';
COMMENT ON COLUMN vocabulary.table_code IS 'Table code.';
COMMENT ON COLUMN vocabulary.axis IS 'row, column, row_group or column_group.';
COMMENT ON COLUMN vocabulary.code IS 'Stable English code.';
COMMENT ON COLUMN vocabulary.label_zh IS 'Official label.';
COMMENT ON COLUMN vocabulary.versions IS 'Templates that print it, |-separated.';
COMMENT ON COLUMN vocabulary.parent_code IS 'Enclosing group.';
COMMENT ON COLUMN vocabulary.ord IS 'Order within the official layout.';
COMMENT ON COLUMN vocabulary.aliases IS 'Variants seen in real reports, |-separated.';

-- Suffixes of administrative divisions and their level (data/division_suffixes.csv), to
-- tell townships (乡/镇/街道) from departments in the analyst views.
CREATE OR REPLACE TABLE division_suffix AS
SELECT suffix, level
FROM read_csv(getvariable('division_suffixes_csv'), header = true, all_varchar = true);

COMMENT ON TABLE division_suffix IS 'Suffixes of administrative divisions (省, 县, 乡, 镇, 街道 …) and their level.';
COMMENT ON COLUMN division_suffix.suffix IS 'The suffix as printed.';
COMMENT ON COLUMN division_suffix.level IS 'province, prefecture, prefecture_or_county, county or township.';
