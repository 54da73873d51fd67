/**
 * @module throttle
 * Brute-force protection of sign-in (OWASP Authentication Cheat Sheet, "Account lockout"):
 * failed attempts are counted per account and per client IP in PostgreSQL (shared by every
 * replica); past either limit, attempts are refused with 429 and `Retry-After` until the window
 * ends, even with the right password. A success clears the account's count.
 */

import { HttpProblem } from '@comptoir/service-kit';
import type pg from 'pg';
import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';

/** Limits of {@link LoginThrottle}. */
export interface ThrottleOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowSeconds: number;
}

export class LoginThrottle {
  readonly #byAccount: RateLimiterPostgres;
  readonly #byIp: RateLimiterPostgres;
  readonly #options: ThrottleOptions;

  constructor(pool: pg.Pool, options: ThrottleOptions) {
    this.#options = options;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      schemaName: 'private',
      tableName: 'rate_limits',
      tableCreated: true,
    };
    this.#byAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'auth_fail_account',
      points: options.maxFailuresPerAccount,
      duration: options.windowSeconds,
    });
    this.#byIp = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'auth_fail_ip',
      points: options.maxFailuresPerIp,
      duration: options.windowSeconds,
    });
  }

  /**
   * Refuses the attempt when the account or the IP is over its limit.
   *
   * @throws {HttpProblem} 429 with Retry-After (seconds).
   */
  async check(account: string, ip: string): Promise<void> {
    const [byAccount, byIp] = await Promise.all([this.#byAccount.get(account), this.#byIp.get(ip)]);
    const blocked = [
      byAccount && byAccount.consumedPoints >= this.#options.maxFailuresPerAccount ? byAccount : null,
      byIp && byIp.consumedPoints >= this.#options.maxFailuresPerIp ? byIp : null,
    ].filter((r): r is RateLimiterRes => r !== null);
    if (blocked.length === 0) return;
    const retryAfter = Math.max(1, Math.ceil(Math.max(...blocked.map((r) => r.msBeforeNext)) / 1000));
    throw new HttpProblem(429, {
      type: 'too-many-attempts',
      detail: `Too many failed attempts; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      headers: { 'retry-after': String(retryAfter) },
    });
  }

  /** Counts a failed attempt for the account and the IP. */
  async fail(account: string, ip: string): Promise<void> {
    await Promise.all([this.#byAccount.penalty(account, 1), this.#byIp.penalty(ip, 1)]);
  }

  /** Clears the account's failures after a success. */
  async succeed(account: string): Promise<void> {
    await this.#byAccount.delete(account);
  }
}
