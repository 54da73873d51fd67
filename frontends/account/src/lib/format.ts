/**
 * @module lib/format
 * Dates and roles as people read them. Dates are formatted on the server in the tenant's time
 * zone and locale, so server and browser render the same text.
 */
import type { Role } from '@comptoir/contracts/permissions';

/** "Owner", "Admin", … */
export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  MANAGER: 'Manager',
  MEMBER: 'Member',
  CLIENT: 'Client',
};

/** What each role may do, in one line. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  OWNER: 'Everything, including billing and deleting the company',
  ADMIN: 'Members, API keys, settings and all business data',
  MANAGER: 'All business data, including deletion',
  MEMBER: 'Creates and edits business data',
  CLIENT: 'An outside party seeing only what is shared',
};

/** Label of a role string (falls back to the raw value). */
export const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;

/** A date formatter for a tenant: `format(iso)` → "21 Nov 2026, 10:04". */
export function dateFormatter(tenant: { locale: string; time_zone: string }, withTime = false) {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat(tenant.locale || 'en', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone: tenant.time_zone,
    });
  } catch {
    format = new Intl.DateTimeFormat('en', {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
    });
  }
  return (iso: string | null | undefined) => (iso ? format.format(new Date(iso)) : '—');
}

/** A short description of a browser's User-Agent: "Firefox on Linux". */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrome\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : /^curl\//.test(ua)
              ? 'curl'
              : /node|undici/i.test(ua)
                ? 'Script'
                : undefined;
  const os = /iPhone|iPad/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'macOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Linux|X11/.test(ua)
            ? 'Linux'
            : undefined;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? ua.slice(0, 60);
}
