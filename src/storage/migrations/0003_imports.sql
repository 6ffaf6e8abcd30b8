-- Imports of NHS and ONS files, and the history they write.

ALTER TABLE organisations ADD COLUMN ods_status text
  CHECK (ods_status IN ('active','closed','dormant','proposed'));

-- One row per applied load of one file (dry runs write nothing, so leave no row).
CREATE TABLE imports (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL,
  format        text NOT NULL,
  file_name     text NOT NULL,
  sha256        text NOT NULL,
  vintage       date,
  -- false when an older vintage was loaded after a newer one: it filled history only
  current       boolean NOT NULL,
  via           text NOT NULL CHECK (via IN ('cli','upload','download')),
  actor_email   text,
  started_at    timestamptz NOT NULL,
  finished_at   timestamptz NOT NULL,
  counts        jsonb NOT NULL,
  skipped_rows  jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX imports_kind_vintage ON imports (kind, vintage);

-- What each import changed, organisation by organisation: the history shown on every page.
CREATE TABLE organisation_changes (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  import_id        integer REFERENCES imports(id) ON DELETE CASCADE,
  organisation_id  integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  change           text NOT NULL CHECK (change IN ('opened','closed','reopened','renamed','moved','joined','left','recoded','changed')),
  field            text,
  from_value       text,
  to_value         text,
  effective_on     date
);
CREATE INDEX organisation_changes_org ON organisation_changes (organisation_id, effective_on);
CREATE INDEX organisation_changes_import ON organisation_changes (import_id);

-- Lower layer super output areas and where they sit (ONS lookups), by boundary vintage.
CREATE TABLE lsoas (
  code        text NOT NULL,
  vintage     integer NOT NULL CHECK (vintage IN (2011, 2021)),
  name        text,
  sicbl_code  text NOT NULL,
  icb_code    text NOT NULL,
  lad_code    text,
  lad_name    text,
  import_id   integer REFERENCES imports(id) ON DELETE SET NULL,
  PRIMARY KEY (code, vintage)
);
CREATE INDEX lsoas_sicbl ON lsoas (sicbl_code);
CREATE INDEX lsoas_icb ON lsoas (icb_code);

-- Measures of an area or organisation: IMD rank/decile/score, list size, age mix.
CREATE TABLE measures (
  area_type   text NOT NULL CHECK (area_type IN ('lsoa','practice','pcn')),
  area_code   text NOT NULL,
  measure     text NOT NULL,
  value       double precision NOT NULL,
  import_id   integer REFERENCES imports(id) ON DELETE SET NULL,
  PRIMARY KEY (area_type, area_code, measure)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON imports, organisation_changes, lsoas, measures TO atlas_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO atlas_app;

-- The notes list reads one workspace's newest notes: an index in that order (measured in bench/).
CREATE INDEX notes_workspace_recent ON notes (workspace_id, updated_at DESC, id DESC);
