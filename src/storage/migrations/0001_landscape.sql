-- The landscape: organisations, their dated links and successions, and clinical networks.
-- Dates are inclusive at both ends, as ODS writes them: a row is open on day D when
-- (opened_on IS NULL OR opened_on <= D) AND (closed_on IS NULL OR closed_on >= D).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE organisations (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code        text NOT NULL UNIQUE,            -- ODS code; for derived places the ONS local authority code
  ons_code    text,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('nhs_region','icb','sub_icb_location','place','pcn','gp_practice',
                'nhs_trust','trust_site','local_authority','national_body','independent_provider','voluntary_org',
                'academic','company')),
  opened_on   date,
  closed_on   date,
  postcode    text,
  derived     boolean NOT NULL DEFAULT false,  -- true when the Atlas inferred the row (places): editable
  confidence  text NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed','likely')),
  source      text,
  notes       text,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (closed_on IS NULL OR opened_on IS NULL OR closed_on >= opened_on)
);
CREATE INDEX organisations_kind ON organisations (kind);
CREATE INDEX organisations_name_trgm ON organisations USING gin (lower(name) gin_trgm_ops);

-- A dated, typed edge between organisations (from → to): a SICBL is part_of an ICB, a practice is
-- member_of a PCN and commissioned_by a SICBL, a site is site_of a trust.
CREATE TABLE organisation_links (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('part_of','member_of','commissioned_by','site_of','partner_of')),
  from_id     integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  to_id       integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  valid_from  date,
  valid_to    date,
  confidence  text NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed','likely')),
  source      text,
  CHECK (from_id <> to_id),
  CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
CREATE INDEX organisation_links_from ON organisation_links (from_id, kind);
CREATE INDEX organisation_links_to ON organisation_links (to_id, kind);

-- Which organisation took over from which (ICB mergers and splits, ODS re-codes).
CREATE TABLE organisation_successions (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  predecessor_id  integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  successor_id    integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  effective_on    date NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('merger','split','acquisition','recode')),
  notes           text,
  confidence      text NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed','likely')),
  source          text,
  UNIQUE (predecessor_id, successor_id, effective_on)
);

CREATE TABLE networks (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code             text NOT NULL UNIQUE,       -- ODS code where one exists (Cancer Alliances), else a stable slug
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('strategic_clinical_network','operational_delivery_network',
                     'cancer_alliance','clinical_reference_group','area_prescribing_committee','clinical_senate',
                     'health_innovation_network','managed_clinical_network','local_professional_network',
                     'local_network','provider_network')),
  focus_type       text CHECK (focus_type IN ('disease','specialty','client_group','function')),
  focus            text,
  formality        text CHECK (formality IN ('mandated','managed','informal')),
  host_id          integer REFERENCES organisations(id) ON DELETE SET NULL,
  host_name        text,
  region_id        integer REFERENCES organisations(id) ON DELETE SET NULL,
  footprint_text   text,
  outcome_domains  integer[] NOT NULL DEFAULT '{}',
  established_on   date,
  review_on        date,
  closed_on        date,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed','uncertain')),
  confidence       text NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed','likely')),
  source           text,
  notes            text,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX networks_kind ON networks (kind);
CREATE INDEX networks_name_trgm ON networks USING gin (lower(name) gin_trgm_ops);

-- The organisations a network covers or counts as members, dated.
CREATE TABLE network_footprints (
  id               integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  network_id       integer NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
  organisation_id  integer NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
  role             text NOT NULL DEFAULT 'covers' CHECK (role IN ('covers','member','host')),
  valid_from       date,
  valid_to         date,
  confidence       text NOT NULL DEFAULT 'confirmed' CHECK (confidence IN ('confirmed','likely')),
  source           text,
  UNIQUE (network_id, organisation_id, role, valid_from)
);
CREATE INDEX network_footprints_org ON network_footprints (organisation_id);

-- What the national reference loaded, and from which version of the reference file.
CREATE TABLE reference_loads (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version     text NOT NULL,
  sha256      text NOT NULL,
  loaded_at   timestamptz NOT NULL DEFAULT now(),
  counts      jsonb NOT NULL
);
