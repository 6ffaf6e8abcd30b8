-- A data version per workspace for the stakeholder graph's cache (issue 6): every statement that
-- writes a workspace's people, posts, network memberships, relationships or own personas moves it on,
-- in the same transaction. The cache compares it in a single-row read instead of counting and summing
-- the four tables (half a second on the national demo, paid by every analysis request).
-- No foreign key: the counter of a workspace being deleted is moved on by the cascade that deletes
-- its people, after its workspace row is gone.
CREATE TABLE workspace_data_versions (
  workspace_id  integer PRIMARY KEY,
  version       bigint NOT NULL DEFAULT 0
);
ALTER TABLE workspace_data_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_data_versions_read ON workspace_data_versions FOR SELECT
  USING (workspace_id = nullif(current_setting('atlas.workspace_id', true), '')::int);
GRANT SELECT ON workspace_data_versions TO atlas_app;

-- Statement-level, with the changed rows as a transition table named `changed`: one upsert per
-- statement however many rows it wrote (the demo writes 20,000 rows a statement).
CREATE FUNCTION atlas_bump_workspace_version() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO workspace_data_versions AS v (workspace_id, version)
    SELECT DISTINCT c.workspace_id, 1 FROM changed c WHERE c.workspace_id IS NOT NULL
  ON CONFLICT (workspace_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION atlas_bump_workspace_version() FROM PUBLIC;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['people', 'posts', 'network_memberships', 'relationships', 'personas'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version()', t || '_version_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version()', t || '_version_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
      FOR EACH STATEMENT EXECUTE FUNCTION atlas_bump_workspace_version()', t || '_version_delete', t);
  END LOOP;
END $$;
