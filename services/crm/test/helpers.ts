/**
 * @module test/helpers
 * The CRM app under test: the real service, on the run's database, with the CRM login role.
 */
import { parsePublicOrigin } from '@comptoir/routing';
import { silentLogger, testTokenVerifier, useServicePool } from '@comptoir/testing/fixtures';
import { buildCrmService } from '../src/app.js';

export const PUBLIC_ORIGIN = parsePublicOrigin('http://comptoir.localhost:8080');

/** Builds the CRM service for a test file (rate limiting off unless asked). */
export function useCrmService(options: { rateLimit?: { points: number; durationSeconds: number } } = {}) {
  const pool = useServicePool('crm', 10);
  return buildCrmService({
    pool,
    verifyToken: testTokenVerifier(),
    publicOrigin: PUBLIC_ORIGIN,
    logger: silentLogger(),
    rateLimit: options.rateLimit ?? false,
    trustProxy: false,
  });
}
