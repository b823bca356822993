-- Which migrations (sql/migrations/NNN_*.sql) the warehouse has had; made with the first one.
CREATE TABLE schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

COMMENT ON TABLE schema_version IS 'Migrations applied to this warehouse, in order (sql/migrations/).';
COMMENT ON COLUMN schema_version.version IS 'Number of the migration.';
COMMENT ON COLUMN schema_version.name IS 'File name of the migration, without .sql.';
COMMENT ON COLUMN schema_version.applied_at IS 'When it was applied (UTC).';
