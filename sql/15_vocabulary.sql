-- The vocabulary (data/vocabulary.csv) inside the warehouse, so analysts can join codes
-- to their official Chinese labels. The loader sets the variable vocabulary_csv.
CREATE OR REPLACE TABLE vocabulary AS
SELECT * REPLACE (CAST(ord AS INTEGER) AS ord)  -- the printed order, compared as a number
FROM read_csv(getvariable('vocabulary_csv'), header = true, all_varchar = true);

COMMENT ON TABLE vocabulary IS 'Codes of every table, row and column of the V2019 and V2021 templates with their official labels.';

-- Suffixes of administrative divisions and their level (data/division_suffixes.csv), to
-- tell townships (乡/镇/街道) from departments in the analyst views.
CREATE OR REPLACE TABLE division_suffix AS
SELECT suffix, level
FROM read_csv(getvariable('division_suffixes_csv'), header = true, all_varchar = true);

COMMENT ON TABLE division_suffix IS 'Suffixes of administrative divisions (省, 县, 乡, 镇, 街道 …) and their level.';
