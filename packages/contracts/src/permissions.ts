/**
 * @module permissions
 * The one permission matrix of the platform. Deny by default: a permission not listed here, or a
 * role not listed for it, is refused. APIs enforce it with `requirePermission('contacts:create')`;
 * web apps read it to hide what a member cannot do; API keys carry a subset of it.
 *
 * Roles, from most to least trusted:
 * - OWNER: everything, including billing and deleting the tenant; at least one per tenant.
 * - ADMIN: manages members, API keys and settings, and all business data.
 * - MANAGER: all business data, including deletion.
 * - MEMBER: creates and edits business data; cannot delete.
 * - CLIENT: an outside party (customer, accountant) seeing only what is shared with them.
 */

/** Tenant roles, most trusted first. */
export const ROLES = ['OWNER', 'ADMIN', 'MANAGER', 'MEMBER', 'CLIENT'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const STAFF: readonly Role[] = ['OWNER', 'ADMIN', 'MANAGER', 'MEMBER'];
const MANAGERS: readonly Role[] = ['OWNER', 'ADMIN', 'MANAGER'];
const ADMINS: readonly Role[] = ['OWNER', 'ADMIN'];
const OWNERS: readonly Role[] = ['OWNER'];

/** Permission → roles holding it. Keys are `<resource>:<action>`. */
export const PERMISSION_MATRIX = {
  'tenant:read': ALL,
  'tenant:update': ADMINS,
  'tenant:delete': OWNERS,
  'members:read': STAFF,
  'members:invite': ADMINS,
  'members:update': ADMINS,
  'members:remove': ADMINS,
  'api_keys:read': STAFF,
  'api_keys:create': STAFF,
  'api_keys:revoke': STAFF,
  'audit:read': ADMINS,
  'contacts:read': ALL,
  'contacts:create': STAFF,
  'contacts:update': STAFF,
  'contacts:delete': MANAGERS,
  'contacts:restore': MANAGERS,
  'contacts:merge': MANAGERS,
  'contacts:import': STAFF,
  'contacts:export': STAFF,
  'companies:read': ALL,
  'companies:create': STAFF,
  'companies:update': STAFF,
  'companies:delete': MANAGERS,
  'companies:restore': MANAGERS,
  'custom_fields:manage': ADMINS,
  'shares:manage': MANAGERS,
  'pipelines:read': ALL,
  'pipelines:manage': ADMINS,
  'deals:read': ALL,
  'deals:create': STAFF,
  'deals:update': STAFF,
  'deals:delete': MANAGERS,
  'activities:read': ALL,
  'activities:create': STAFF,
  'activities:update': STAFF,
  'activities:delete': MANAGERS,
  'tasks:read': ALL,
  'tasks:create': STAFF,
  'tasks:update': STAFF,
  'tasks:delete': MANAGERS,
  // Billing: business data for staff; what makes a legal document (issuing, crediting) and the
  // price list for managers; the seller identity and VAT setup for admins.
  'billing_settings:read': STAFF,
  'billing_settings:update': ADMINS,
  'customers:read': STAFF,
  'customers:create': STAFF,
  'customers:update': STAFF,
  'customers:archive': MANAGERS,
  'tax_rates:read': STAFF,
  'tax_rates:manage': ADMINS,
  'products:read': STAFF,
  'products:manage': MANAGERS,
  'quotes:read': STAFF,
  'quotes:create': STAFF,
  'quotes:update': STAFF,
  'quotes:delete': MANAGERS,
  'quotes:send': STAFF,
  'invoices:read': STAFF,
  'invoices:create': STAFF,
  'invoices:update': STAFF,
  'invoices:delete': MANAGERS,
  'invoices:issue': MANAGERS,
  'invoices:credit': MANAGERS,
  'payments:read': STAFF,
  'payments:record': STAFF,
  'payments:fail': MANAGERS,
  'recurring:read': STAFF,
  'recurring:manage': MANAGERS,
  'dunning:read': STAFF,
  'dunning:manage': ADMINS,
  'dunning:run': MANAGERS,
  'sepa:read': STAFF,
  'sepa:manage': MANAGERS,
  'supplier_bills:import': STAFF,
  'plan:read': STAFF,
  'plan:manage': OWNERS,
  // Any member's action may spend a quota (an AI request, an invoice), CLIENTs' included.
  'quotas:consume': ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSION_MATRIX;

/** Every permission, sorted. */
export const PERMISSIONS = Object.keys(PERMISSION_MATRIX).sort() as Permission[];

/** Whether a string names a permission of the matrix. */
export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_MATRIX, value);
}

/** Whether `role` holds `permission`; false for anything unknown (deny by default). */
export function roleHasPermission(role: string, permission: string): boolean {
  if (!isPermission(permission)) return false;
  return (PERMISSION_MATRIX[permission] as readonly string[]).includes(role);
}

/** All permissions of a role. */
export function permissionsOf(role: string): Permission[] {
  return PERMISSIONS.filter((p) => roleHasPermission(role, p));
}

/** Whether `actor` may grant `target` (nobody grants a role above their own; only OWNERs make OWNERs). */
export function canAssignRole(actor: Role, target: Role): boolean {
  return ROLES.indexOf(target) >= ROLES.indexOf(actor);
}
