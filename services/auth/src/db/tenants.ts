/**
 * @module db/tenants
 * Tenant creation (identity transaction): the tenant, its slug, and its first OWNER.
 */
import { RESERVED_SLUGS } from '@comptoir/contracts/common';
import type { DB } from '@comptoir/db/schema/platform';
import { HttpProblem } from '@comptoir/service-kit';
import type { Kysely } from 'kysely';
import { randomAlphanumeric } from '../secrets.js';

/**
 * A DNS-label slug from a name: accents folded (NFKD), lower case, runs of other characters as
 * one hyphen, 3 to 40 characters.
 *
 * @example slugify('Café Ötzi & Fils') // 'cafe-otzi-fils'
 */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replaceAll(/\p{M}/gu, '')
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 40)
    .replaceAll(/-+$/g, '');
  return base.length >= 3 ? base : `${base || 'team'}-${randomAlphanumeric(4).toLowerCase()}`;
}

/** A new tenant. */
export interface NewTenant {
  name: string;
  /** Wanted slug; taken → 409. Omitted: derived from the name, made unique. */
  slug?: string | undefined;
  timeZone: string;
  currency: string;
  ownerId: string;
}

/**
 * Creates a tenant and makes `ownerId` its OWNER.
 *
 * @throws {HttpProblem} 409 when the requested slug is taken.
 */
export async function createTenant(db: Kysely<DB>, input: NewTenant): Promise<{ id: string; slug: string }> {
  const taken = async (slug: string) =>
    RESERVED_SLUGS.has(slug) ||
    (await db.selectFrom('platform.tenants').select('id').where('slug', '=', slug).executeTakeFirst()) !==
      undefined;
  let slug: string;
  if (input.slug) {
    if (await taken(input.slug)) {
      throw new HttpProblem(409, {
        type: 'slug-taken',
        detail: 'This address is already taken',
        errors: [{ pointer: '#/tenant_slug', detail: 'Already taken' }],
      });
    }
    slug = input.slug;
  } else {
    slug = slugify(input.name);
    while (await taken(slug))
      slug = `${slugify(input.name).slice(0, 35)}-${randomAlphanumeric(4).toLowerCase()}`;
  }
  const tenant = await db
    .insertInto('platform.tenants')
    .values({ name: input.name, slug, time_zone: input.timeZone, currency: input.currency })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('platform.memberships')
    .values({ tenant_id: tenant.id, user_id: input.ownerId, role: 'OWNER' })
    .execute();
  return tenant;
}
