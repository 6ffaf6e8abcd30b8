-- A second wall around private data: row-level security. The application's role (atlas_app) is not
-- the tables' owner, so these policies bind it: a private row is visible and writable only inside a
-- transaction that has set atlas.workspace_id to the row's workspace (storage/workspace-scope.ts).
-- The repositories' own `workspace_id = $1` filter is the first wall.
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY notes_workspace ON notes
  USING (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int)
  WITH CHECK (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int);
