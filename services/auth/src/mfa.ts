/**
 * @module mfa
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, ±1 step of clock drift) with
 * replay protection (a step once accepted is never accepted again, RFC 6238 section 5.2), and
 * single-use recovery codes.
 */
import type { DB } from '@comptoir/db/schema/platform';
import type { Kysely } from 'kysely';
import * as OTPAuth from 'otpauth';
import type { AuthContext } from './context.js';
import { recoveryCode } from './secrets.js';

const PERIOD = 30;

/** A TOTP generator/validator for a secret (base32). */
export function totpFor(secretBase32: string, label = 'Comptoir'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Comptoir',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

/** A fresh 160-bit secret (RFC 4226 section 4 recommends at least 128 bits). */
export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32;

/**
 * The time step a code matches (within ±1 step), or null.
 */
export function matchingStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpFor(secretBase32).validate({ token: code, window: 1, timestamp: now });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** Ten new recovery codes: stores their peppered hashes (replacing older ones), returns the codes. */
export async function replaceRecoveryCodes(
  ctx: AuthContext,
  db: Kysely<DB>,
  userId: string,
): Promise<string[]> {
  const codes = Array.from({ length: 10 }, recoveryCode);
  await db.deleteFrom('platform.mfa_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('platform.mfa_recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: ctx.secrets.pepper(code) })))
    .execute();
  return codes;
}

/**
 * Checks a code against the user's verified factor: a TOTP code (once per time step) or an
 * unused recovery code (then spent). Returns whether it was accepted.
 */
export async function verifySecondFactor(
  ctx: AuthContext,
  db: Kysely<DB>,
  userId: string,
  code: string,
): Promise<boolean> {
  const factor = await db
    .selectFrom('platform.mfa_factors')
    .select(['id', 'secret_encrypted', 'last_used_step'])
    .where('user_id', '=', userId)
    .where('status', '=', 'verified')
    .forUpdate()
    .executeTakeFirst();
  if (!factor) return false;
  const digits = code.replaceAll(/\s/g, '');
  if (/^\d{6}$/.test(digits)) {
    const step = matchingStep(ctx.secrets.decrypt(factor.secret_encrypted), digits);
    if (step === null || (factor.last_used_step !== null && step <= Number(factor.last_used_step)))
      return false;
    await db
      .updateTable('platform.mfa_factors')
      .set({ last_used_step: step })
      .where('id', '=', factor.id)
      .execute();
    return true;
  }
  const spent = await db
    .updateTable('platform.mfa_recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', ctx.secrets.pepper(code))
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return spent !== undefined;
}
