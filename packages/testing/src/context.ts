/**
 * @module context
 * What the global setup provides to every integration test file (`inject('testDb')`).
 */
export interface TestDatabaseContext {
  kind: string;
  adminUrl: string;
  /** Login-role URL per service (auth, crm, …). */
  serviceUrls: Record<string, string>;
  /** Public key set, as the auth service publishes it. */
  jwks: { keys: Record<string, unknown>[] };
  /** Private signing key (JWK), for tests that mint tokens. */
  privateJwk: Record<string, unknown>;
  issuer: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDatabaseContext;
  }
}
