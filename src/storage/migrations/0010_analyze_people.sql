-- Fresh planner statistics after a bulk write of people (the demo generator, a people import), as
-- 0006 does for the landscape: the embedded database has no autovacuum, and the application's role
-- may not ANALYZE tables it does not own. Without them the person page and subject access plan as if
-- the tables were empty (measured: p95 twice as slow on the national demo).
CREATE FUNCTION atlas_analyze_people() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  ANALYZE people;
  ANALYZE posts;
  ANALYZE network_memberships;
  ANALYZE relationships;
END $$;
REVOKE ALL ON FUNCTION atlas_analyze_people() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION atlas_analyze_people() TO atlas_app;
