/**
 * @module common
 * Building blocks of the contracts: identifiers, safe text, e-mail, pagination, tenant settings.
 */
import { z } from 'zod';

export * from './problem.js';

/** A UUID (RFC 9562) identifier. */
export const IdSchema = z
  .uuid()
  .meta({ description: 'UUID', example: '0b8f7f6a-3c1e-4a57-9d4b-7f1d2f0e9c11' });

/** Path parameters `{ id }`. */
export const IdParamsSchema = z.strictObject({ id: IdSchema });

// C0 control characters other than tab/newline/carriage return, and NUL above all: PostgreSQL
// text cannot hold NUL, and control characters in names only ever come from broken or hostile input.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Text typed by a person: trimmed, free of control characters, at most `max` characters.
 *
 * @example TextSchema(200) // a name
 */
export const TextSchema = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be at most ${max} characters`)
    .refine((s) => !CONTROL.test(s), 'Must not contain control characters');

/** Single-line text: as {@link TextSchema}, without line breaks. */
export const LineSchema = (max: number) =>
  TextSchema(max).refine((s) => !/[\r\n]/.test(s), 'Must be a single line');

/** An e-mail address, normalised to lower case (RFC 5321 limits: 254 characters). */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email('Invalid email address'))
  .meta({ example: 'alice@example.com' });

/** A password: 10 to 200 characters (NIST SP 800-63B section 5.1.1.2: length over composition). */
export const PasswordSchema = z
  .string()
  .min(10, 'Must be at least 10 characters')
  .max(200, 'Must be at most 200 characters');

/** Tenant slug: a DNS label (RFC 1123), 3 to 63 characters, used as the tenant's host name. */
export const SlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9-]{1,61}[a-z0-9])$/, 'Use 3 to 63 lowercase letters, digits or hyphens')
  .refine((s) => !RESERVED_SLUGS.has(s), 'This name is reserved');

/** Host names the platform itself uses. */
export const RESERVED_SLUGS = new Set([
  'www',
  'api',
  'app',
  'auth',
  'account',
  'admin',
  'docs',
  'status',
  'mail',
  'static',
  'assets',
  'crm',
  'billing',
  'accounting',
  'scheduling',
  'agents',
  'traefik',
  'metrics',
  'comptoir',
]);

/** IANA time zone name known to the runtime's tz database. */
export const TimeZoneSchema = z
  .string()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Unknown time zone')
  .meta({ example: 'Europe/Paris' });

/** ISO 4217 alphabetic currency code. */
export const CurrencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as EUR')
  .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'Unknown currency')
  .meta({ example: 'EUR' });

/** Query of every list endpoint: an opaque cursor and a page size (1–100, default 20). */
export const PageQuerySchema = z.strictObject({
  cursor: z.string().max(500).optional().meta({ description: 'Opaque cursor from next_cursor' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** A page of results: `next_cursor` is null on the last page. */
export const PageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    next_cursor: z.string().nullable(),
  });
