/**
 * @module domain/records
 * Validation and normalisation of contact and company input beyond its zod schema, against the
 * tenant's own data: phones to E.164 in the tenant's country, custom values against the tenant's
 * definitions, the company and the owner must exist in the tenant. All problems are reported
 * together, one per field, in a single 422.
 */
import type { CustomValues, LabelledPhoneInput } from '@comptoir/contracts/crm/common';
import type { ProblemError } from '@comptoir/contracts/problem';
import type { DB } from '@comptoir/db/schema/crm';
import { HttpProblem } from '@comptoir/service-kit';
import { type Kysely, sql } from 'kysely';
import { type CustomFieldDefinition, customFieldErrors } from './custom-fields.js';
import { countryOfLocale, normalisePhones } from './phones.js';

/** The entity a record is. */
export type RecordEntity = 'contact' | 'company' | 'deal';

/** The tenant's settings records depend on (read under RLS: the caller's tenant only). */
export async function tenantSettings(db: Kysely<DB>) {
  const tenant = await db
    .selectFrom('platform.tenants')
    .select(['locale', 'currency', 'time_zone'])
    // platform.tenants also shows the user's other tenants (the tenant switcher needs them).
    .where('id', '=', sql<string>`private.current_tenant_id()`)
    .executeTakeFirst();
  return {
    country: countryOfLocale(tenant?.locale),
    currency: tenant?.currency ?? 'EUR',
    timeZone: tenant?.time_zone ?? 'UTC',
  };
}

/** The tenant's custom field definitions of an entity. */
export function customFieldDefinitions(
  db: Kysely<DB>,
  entity: RecordEntity,
): Promise<CustomFieldDefinition[]> {
  return db
    .selectFrom('crm.custom_fields')
    .select(['key', 'label', 'type', 'options', 'required'])
    .where('entity', '=', entity)
    .execute();
}

/** Input fields this module checks. */
export interface RecordInput {
  phones?: LabelledPhoneInput[] | undefined;
  custom?: CustomValues | undefined;
  company_id?: string | null | undefined;
  owner_id?: string | null | undefined;
}

/**
 * Checks and normalises a record's input.
 *
 * @param current the stored custom values when updating (a PATCH merges into them; null removes a key).
 * @returns the normalised phones (when given) and the merged custom values (when given).
 * @throws {HttpProblem} 422 listing every problem with its JSON Pointer.
 */
export async function prepareRecord(
  db: Kysely<DB>,
  entity: RecordEntity,
  input: RecordInput,
  current?: { custom: CustomValues },
) {
  const errors: ProblemError[] = [];
  const settings = await tenantSettings(db);
  let phones: ReturnType<typeof normalisePhones>['phones'] | undefined;
  if (input.phones) {
    const normalised = normalisePhones(input.phones, settings.country, true);
    phones = normalised.phones;
    errors.push(...normalised.errors);
  }
  let custom: CustomValues | undefined;
  if (input.custom !== undefined) {
    const merged: CustomValues = current ? { ...current.custom, ...input.custom } : { ...input.custom };
    errors.push(
      ...customFieldErrors(input.custom, await customFieldDefinitions(db, entity), current !== undefined),
    );
    custom = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== null));
  } else if (!current) {
    errors.push(...customFieldErrors({}, await customFieldDefinitions(db, entity)));
  }
  if (input.company_id) {
    const company = await db
      .selectFrom('crm.companies')
      .select('id')
      .where('id', '=', input.company_id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!company) errors.push({ pointer: '#/company_id', detail: 'No company with this id' });
  }
  if (input.owner_id) {
    const member = await db
      .selectFrom('platform.memberships')
      .select('user_id')
      .where('user_id', '=', input.owner_id)
      .where('tenant_id', '=', sql<string>`private.current_tenant_id()`)
      .executeTakeFirst();
    if (!member) errors.push({ pointer: '#/owner_id', detail: 'Not a member of this tenant' });
  }
  if (errors.length > 0) {
    throw new HttpProblem(422, {
      type: 'validation-error',
      title: 'Your request is not valid',
      detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} fields are not valid`,
      errors,
    });
  }
  return { phones, custom };
}
