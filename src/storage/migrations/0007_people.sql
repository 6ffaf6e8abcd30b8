-- People in their roles: personas, people, posts, network memberships, relationships, and the
-- suppression list that keeps an erased person from coming back. Everything but the national persona
-- catalogue is private to one workspace (workspace_id NOT NULL, row-level security below).
-- Dates are inclusive at both ends, like the landscape's: open on day D when
-- (valid_from IS NULL OR valid_from <= D) AND (valid_to IS NULL OR valid_to >= D).
-- The allowed values of every CHECK list are the ones in src/core/people.ts.

-- How long a record may go unverified before the workspace sees it as stale.
ALTER TABLE workspaces ADD COLUMN stale_after_months integer NOT NULL DEFAULT 12
  CHECK (stale_after_months BETWEEN 1 AND 120);

-- Kinds of decision-maker. workspace_id NULL: the national catalogue (seeded from
-- src/core/personas.ts at every start, read by all); otherwise one workspace's own.
CREATE TABLE personas (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  integer REFERENCES workspaces(id) ON DELETE CASCADE,
  code          text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{1,79}$'),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 160),
  category      text NOT NULL CHECK (category IN ('key','base','custom')),
  level         text NOT NULL CHECK (level IN ('national','regional','system','place','neighbourhood','provider')),
  summary       text NOT NULL DEFAULT '',
  decisions     text[] NOT NULL DEFAULT '{}' CHECK (decisions <@ ARRAY['formulary','pathway_redesign',
                  'workforce_resourcing','budget','service_specification','pilot_adoption',
                  'specialised_commissioning']::text[]),
  looks_for     text[] NOT NULL DEFAULT '{}',
  professions   text[] NOT NULL DEFAULT '{}',
  sort_order    integer NOT NULL DEFAULT 1000,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1,
  UNIQUE NULLS NOT DISTINCT (workspace_id, code)
);

CREATE TABLE people (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id      integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  honorific         text CHECK (length(honorific) <= 40),
  given_name        text NOT NULL CHECK (length(given_name) BETWEEN 1 AND 120),
  family_name       text NOT NULL CHECK (length(family_name) BETWEEN 1 AND 120),
  postnominals      text CHECK (length(postnominals) <= 120),
  professions       text[] NOT NULL DEFAULT '{}' CHECK (professions <@ ARRAY['gp','consultant','doctor',
                      'nurse','pharmacist','pharmacy_technician','allied_health_professional',
                      'social_worker','social_care_practitioner','psychologist','healthcare_scientist',
                      'midwife','dentist','optometrist','orthoptist','paramedic','public_health',
                      'manager','commissioner','finance','academic','patient_representative',
                      'carer_representative','voluntary_sector','industry','other']::text[]),
  specialty         text CHECK (length(specialty) <= 160),
  email             text CHECK (length(email) <= 254),
  phone             text CHECK (length(phone) <= 40),
  work_address      text CHECK (length(work_address) <= 400),
  do_not_contact    boolean NOT NULL DEFAULT false,
  source            text NOT NULL CHECK (length(source) BETWEEN 1 AND 400),
  lawful_basis      text NOT NULL CHECK (lawful_basis IN ('legitimate_interests','consent','contract',
                      'public_task','legal_obligation','vital_interests')),
  last_verified_on  date,
  notes             text CHECK (length(notes) <= 20000),
  created_by        integer REFERENCES users(id) ON DELETE SET NULL,
  updated_by        integer REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1
);
CREATE INDEX people_workspace_name ON people (workspace_id, family_name, given_name);
CREATE INDEX people_name_trgm ON people USING gin (lower(given_name || ' ' || family_name) gin_trgm_ops);
CREATE INDEX people_workspace_verified ON people (workspace_id, last_verified_on);
CREATE INDEX people_workspace_updated ON people (workspace_id, updated_at DESC);

-- A person's post at an organisation or at a network, over time.
CREATE TABLE posts (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id      integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  person_id         integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  organisation_id   integer REFERENCES organisations(id) ON DELETE CASCADE,
  network_id        integer REFERENCES networks(id) ON DELETE CASCADE,
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  persona_id        integer REFERENCES personas(id) ON DELETE SET NULL,
  level             text NOT NULL CHECK (level IN ('national','regional','system','place','neighbourhood','provider')),
  valid_from        date,
  valid_to          date,
  source            text CHECK (length(source) <= 400),
  last_verified_on  date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK ((organisation_id IS NULL) <> (network_id IS NULL)),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX posts_person ON posts (person_id);
CREATE INDEX posts_workspace_org ON posts (workspace_id, organisation_id);
CREATE INDEX posts_workspace_network ON posts (workspace_id, network_id);
CREATE INDEX posts_workspace_persona ON posts (workspace_id, persona_id);

-- A person (or an organisation) in a clinical network, with a role, over time.
CREATE TABLE network_memberships (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id      integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  network_id        integer NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
  person_id         integer REFERENCES people(id) ON DELETE CASCADE,
  organisation_id   integer REFERENCES organisations(id) ON DELETE CASCADE,
  -- the organisation a person sits for (their trust, practice, local authority …)
  representing_id   integer REFERENCES organisations(id) ON DELETE SET NULL,
  role              text NOT NULL CHECK (role IN ('chair','clinical_lead','nursing_lead','professional_lead',
                      'network_manager','member','deputy','patient_representative','observer')),
  voting            boolean NOT NULL DEFAULT false,
  sector            text CHECK (sector IN ('primary','secondary','tertiary','community','social_care',
                      'voluntary','lay')),
  -- declarations of interest: [{kind, description, declared_on}] (kinds in src/core/people.ts)
  declarations      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(declarations) = 'array'),
  valid_from        date,
  valid_to          date,
  source            text CHECK (length(source) <= 400),
  last_verified_on  date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  CHECK ((person_id IS NULL) <> (organisation_id IS NULL)),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX network_memberships_network ON network_memberships (workspace_id, network_id);
CREATE INDEX network_memberships_person ON network_memberships (person_id);
CREATE INDEX network_memberships_org ON network_memberships (organisation_id);

-- A typed, directed, weighted tie from a person to a person, an organisation or a network.
CREATE TABLE relationships (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id        integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  from_person_id      integer NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  to_person_id        integer REFERENCES people(id) ON DELETE CASCADE,
  to_organisation_id  integer REFERENCES organisations(id) ON DELETE CASCADE,
  to_network_id       integer REFERENCES networks(id) ON DELETE CASCADE,
  kind                text NOT NULL CHECK (kind IN ('reports_to','works_with','advises','influences','chairs','knows')),
  strength            smallint NOT NULL CHECK (strength BETWEEN 1 AND 5),
  evidence            text CHECK (length(evidence) <= 4000),
  confidence          text NOT NULL DEFAULT 'likely' CHECK (confidence IN ('confirmed','likely','possible')),
  valid_from          date,
  valid_to            date,
  source              text CHECK (length(source) <= 400),
  last_verified_on    date,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  version             integer NOT NULL DEFAULT 1,
  CHECK (num_nonnulls(to_person_id, to_organisation_id, to_network_id) = 1),
  CHECK (to_person_id IS NULL OR to_person_id <> from_person_id),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX relationships_from ON relationships (from_person_id);
CREATE INDEX relationships_to_person ON relationships (to_person_id);
CREATE INDEX relationships_workspace ON relationships (workspace_id, kind);

-- People erased at their request: keyed hashes of the normalised name and email only, so an import
-- or a new record for the same person is refused without the Atlas keeping who they were.
CREATE TABLE person_suppressions (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  name_hash     text NOT NULL,
  email_hash    text,
  erased_at     timestamptz NOT NULL,
  erased_by     integer REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX person_suppressions_name ON person_suppressions (workspace_id, name_hash);
CREATE INDEX person_suppressions_email ON person_suppressions (workspace_id, email_hash);

GRANT SELECT, INSERT, UPDATE, DELETE ON personas, people, posts, network_memberships, relationships,
  person_suppressions TO atlas_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO atlas_app;

ALTER TABLE personas ENABLE ROW LEVEL SECURITY;
CREATE POLICY personas_read ON personas FOR SELECT
  USING (workspace_id IS NULL OR workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int);
CREATE POLICY personas_write ON personas FOR ALL
  USING (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int)
  WITH CHECK (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['people','posts','network_memberships','relationships','person_suppressions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY %I ON %I
      USING (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int)
      WITH CHECK (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int)$p$,
      t || '_workspace', t);
  END LOOP;
END $$;
