-- A workspace's own influence weights (issue 6): an account team that believes, say, relationships
-- matter more than formal seats says so, and every influence score, explanation, ranking and map of
-- the workspace is computed with its weights. `overrides` holds only the weights that differ from
-- DEFAULT_WEIGHTS (src/analysis/model.ts), in its shape: {"edge": {"knows": 1.2}, "damping": 0.9}.
-- No row, or `{}`: the defaults. `version` is for optimistic concurrency (a stale write is refused);
-- going back to the defaults keeps the row with `{}` so the version only ever grows.
CREATE TABLE influence_weights (
  workspace_id  integer PRIMARY KEY REFERENCES workspaces(id) ON DELETE CASCADE,
  overrides     jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(overrides) = 'object'),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  updated_by    integer REFERENCES users(id) ON DELETE SET NULL,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE influence_weights ENABLE ROW LEVEL SECURITY;
CREATE POLICY influence_weights_workspace ON influence_weights
  USING (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int)
  WITH CHECK (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int);
GRANT SELECT, INSERT, UPDATE, DELETE ON influence_weights TO atlas_app;

-- A change of weights is a change of the workspace's graph: move its data version on (migration
-- 0011's function, statement-level with the transition table `changed`), so the graph cache rebuilds.
CREATE TRIGGER influence_weights_version_insert AFTER INSERT ON influence_weights
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version();
CREATE TRIGGER influence_weights_version_update AFTER UPDATE ON influence_weights
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version();
CREATE TRIGGER influence_weights_version_delete AFTER DELETE ON influence_weights
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version();
