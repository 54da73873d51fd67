/**
 * @module service-kit
 * What every Comptoir API is made of. Start with {@link createService}.
 */

export { type AuditEntry, recordAudit } from './audit.js';
export { authenticate, principalFromClaims, requirePermission, resolvePrincipal } from './auth.js';
export type { AppEnv, Principal } from './context.js';
export { idempotency } from './idempotency.js';
export { createLogger } from './logger.js';
export {
  CONFLICT_RESPONSE,
  guarded,
  jsonBody,
  jsonResponse,
  NOT_FOUND_RESPONSE,
  PROBLEM_RESPONSES,
} from './openapi.js';
export { HttpProblem, problemResponse } from './problem.js';
export { rateLimit } from './rate-limit.js';
export { createService, type Service, type ServiceOptions } from './service.js';
export { tenantTransaction } from './tenant-transaction.js';
