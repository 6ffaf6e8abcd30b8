-- Accounts, workspaces, sessions, API tokens, the audit log, and the first private records (notes).
-- Private tables carry workspace_id; the repositories add the workspace filter to every query.

CREATE TABLE users (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email              text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
  display_name       text NOT NULL,
  password_hash      text NOT NULL,
  totp_secret        text,                  -- base32; set while setting up, confirmed when totp_enabled_at is set
  totp_enabled_at    timestamptz,
  disabled_at        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE recovery_codes (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id     integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash   text NOT NULL,
  used_at     timestamptz
);
CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE TABLE workspaces (
  id                      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name                    text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
  require_second_factor   boolean NOT NULL DEFAULT false,
  created_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workspace_members (
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role          text NOT NULL CHECK (role IN ('owner','admin','editor','viewer')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX workspace_members_user ON workspace_members (user_id);

-- Browser sessions. Only a hash of the session id is stored.
CREATE TABLE sessions (
  id_hash             text PRIMARY KEY,
  user_id             integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  workspace_id        integer REFERENCES workspaces(id) ON DELETE SET NULL,
  csrf_token          text NOT NULL,
  second_factor_ok    boolean NOT NULL,
  created_at          timestamptz NOT NULL,
  last_seen_at        timestamptz NOT NULL,
  ip                  text,
  user_agent          text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- API tokens for scripts: shown once, stored hashed, named, revocable, with an expiry.
CREATE TABLE api_tokens (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  token_hash    text NOT NULL UNIQUE,
  prefix        text NOT NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX api_tokens_workspace ON api_tokens (workspace_id);

CREATE TABLE invitations (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  email         text NOT NULL,
  role          text NOT NULL CHECK (role IN ('admin','editor','viewer')),
  token_hash    text NOT NULL UNIQUE,
  created_by    integer REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  accepted_at   timestamptz
);
CREATE INDEX invitations_workspace ON invitations (workspace_id);

-- One-time links that create the first owner on a fresh install.
CREATE TABLE setup_tokens (
  token_hash  text PRIMARY KEY,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

-- Who did what to which record, when, from where. Append-only: see the grants and trigger below.
CREATE TABLE audit_log (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at            timestamptz NOT NULL,
  workspace_id  integer,
  actor_id      integer,
  actor_email   text,
  action        text NOT NULL,
  target_type   text,
  target_id     text,
  ip            text,
  user_agent    text,
  outcome       text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success','failure','refused')),
  before        jsonb,
  after         jsonb,
  details       jsonb
);
CREATE INDEX audit_log_workspace_at ON audit_log (workspace_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- A workspace's notes on an organisation or network: the first private records.
CREATE TABLE notes (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workspace_id  integer NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
  target_type   text NOT NULL CHECK (target_type IN ('organisation','network')),
  target_code   text NOT NULL,
  body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  created_by    integer REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       integer NOT NULL DEFAULT 1
);
CREATE INDEX notes_workspace_target ON notes (workspace_id, target_type, target_code);

-- The application's own database role. The Atlas switches to it once migrations have run, so the
-- application itself cannot UPDATE or DELETE the audit log, whatever its code does.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'atlas_app') THEN
    CREATE ROLE atlas_app NOLOGIN;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO atlas_app;
DO $$
BEGIN
  EXECUTE format('GRANT atlas_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'could not grant atlas_app to %: grant it by hand', current_user;
END $$;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO atlas_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO atlas_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM atlas_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM atlas_app;
