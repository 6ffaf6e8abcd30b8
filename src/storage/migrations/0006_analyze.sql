-- Fresh planner statistics after an import. The embedded database has no autovacuum, and the
-- application's role does not own the tables, so it may not ANALYZE them itself: this function,
-- owned by the migrating user, does it for exactly the tables imports fill, and nothing else.
CREATE FUNCTION atlas_analyze_landscape() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE organisations;
  ANALYZE organisation_links;
  ANALYZE organisation_changes;
  ANALYZE organisation_successions;
  ANALYZE measures;
  ANALYZE lsoas;
  ANALYZE boundaries;
  ANALYZE imports;
END $$;
REVOKE ALL ON FUNCTION atlas_analyze_landscape() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION atlas_analyze_landscape() TO atlas_app;
