/** The PostgreSQL server for the second database lane, when the run has one (CI sets it). */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL?.trim() || undefined;
}

/** The template database every PostgreSQL test database is copied from. */
export const POSTGRES_TEMPLATE = 'atlas_test_template';
