/**
 * @module db/common
 * What the billing queries share: RFC 3339 timestamps, the tenant's calendar date, problems.
 */
import type { ProblemError } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/billing';
import { HttpProblem } from '@comptoir/service-kit';
import { type Kysely, sql } from 'kysely';

/** `to_char` of a timestamptz column as RFC 3339 UTC with microseconds (cursors stay exact). */
export const rfc3339 = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A date column as `YYYY-MM-DD` text. */
export const isoDate = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

/** 422 listing every invalid field (RFC 9457 with `errors`). */
export function validationProblem(errors: ProblemError[]): HttpProblem {
  return new HttpProblem(422, {
    type: 'validation-error',
    title: 'Your request is not valid',
    detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} fields are not valid`,
    errors,
  });
}

/** 409 for an action the resource's state forbids. */
export function stateProblem(detail: string): HttpProblem {
  return new HttpProblem(409, { type: 'invalid-state', title: 'Not possible in this state', detail });
}

/** The caller's tenant: its time zone and today's date there (`YYYY-MM-DD`). */
export async function tenantCalendar(
  db: Kysely<DB>,
): Promise<{ timeZone: string; today: string; locale: string }> {
  const row = await db
    .selectFrom('platform.tenants')
    .select([
      'time_zone',
      'locale',
      sql<string>`to_char((now() at time zone platform.tenants.time_zone)::date, 'YYYY-MM-DD')`.as('today'),
    ])
    .where('id', '=', sql<string>`private.current_tenant_id()`)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, today: row.today, locale: row.locale };
}

/** `date` + `days`, both calendar dates (`YYYY-MM-DD`), computed in UTC (no DST involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
