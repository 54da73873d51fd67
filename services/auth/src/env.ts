/**
 * @module env
 * The auth API's configuration; the only reader of `process.env`.
 */
import { parseEnv, ServiceEnvSchema } from '@comptoir/service-kit/env';
import { z } from 'zod';

export const AuthEnvSchema = ServiceEnvSchema.omit({ AUTH_JWKS: true }).extend({
  /** ES256 private signing key as a JWK (JSON). Its public half is published at /.well-known/jwks.json. */
  AUTH_PRIVATE_JWK: z.string().min(10),
  /** 32 bytes, base64: encrypts TOTP secrets (AES-256-GCM) and peppers recovery codes. */
  AUTH_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'Must be 32 bytes in base64'),
  /** bcrypt cost factor; at least 12. */
  BCRYPT_COST: z.coerce.number().int().min(12).max(15).default(12),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A rotated refresh token presented again within this many seconds is a race, not a theft. */
  REFRESH_REUSE_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  /** Failed sign-ins of one account within LOGIN_FAILURE_WINDOW_SECONDS before it is blocked. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one IP within LOGIN_FAILURE_WINDOW_SECONDS before it is blocked. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** smtp(s):// URL; without it e-mails are stored (visible at /dev/emails outside production). */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Comptoir <no-reply@comptoir.localhost>'),
});

export type AuthEnv = z.infer<typeof AuthEnvSchema>;

/** @throws {Error} listing every invalid variable. */
export const loadEnv = (source: NodeJS.ProcessEnv = process.env) => parseEnv(AuthEnvSchema, source);
