import { describe, expect, it } from 'vitest';
import {
  canAssignRole,
  PERMISSION_MATRIX,
  PERMISSIONS,
  permissionsOf,
  ROLES,
  roleHasPermission,
} from './permissions.js';

describe('permission matrix', () => {
  it('denies by default: unknown permissions and unknown roles hold nothing', () => {
    expect(roleHasPermission('OWNER', 'contacts:fly')).toBe(false);
    expect(roleHasPermission('ROOT', 'contacts:read')).toBe(false);
    expect(permissionsOf('nobody')).toEqual([]);
  });

  it('lets MEMBER create and edit but not delete, MANAGER and up delete', () => {
    expect(roleHasPermission('MEMBER', 'contacts:create')).toBe(true);
    expect(roleHasPermission('MEMBER', 'contacts:update')).toBe(true);
    expect(roleHasPermission('MEMBER', 'contacts:delete')).toBe(false);
    for (const role of ['OWNER', 'ADMIN', 'MANAGER'])
      expect(roleHasPermission(role, 'contacts:delete')).toBe(true);
  });

  it('gives OWNER every permission and nests the others', () => {
    expect(permissionsOf('OWNER')).toEqual(PERMISSIONS);
    for (let i = 1; i < ROLES.length; i++) {
      const upper = new Set(permissionsOf(ROLES[i - 1]!));
      for (const p of permissionsOf(ROLES[i]!))
        expect(upper.has(p), `${ROLES[i - 1]} lacks ${p} of ${ROLES[i]}`).toBe(true);
    }
  });

  it('names every permission <resource>:<action>', () => {
    for (const p of Object.keys(PERMISSION_MATRIX)) expect(p).toMatch(/^[a-z_]+:[a-z_]+$/);
  });

  it('never lets a role grant one above it', () => {
    expect(canAssignRole('ADMIN', 'OWNER')).toBe(false);
    expect(canAssignRole('ADMIN', 'ADMIN')).toBe(true);
    expect(canAssignRole('OWNER', 'OWNER')).toBe(true);
    expect(canAssignRole('MANAGER', 'MEMBER')).toBe(true);
  });
});
