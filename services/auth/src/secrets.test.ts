import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { slugify } from './db/tenants.js';
import { randomAlphanumeric, recoveryCode, SecretBox } from './secrets.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.encrypt('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.decrypt(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('detects tampering and a foreign key', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32).toString('base64')).decrypt(sealed)).toThrow();
  });

  it('peppers recovery codes insensitive to case, spaces and hyphens', () => {
    expect(box.pepper('ABCD-efgh-23')).toBe(box.pepper(' abcdefgh23 '));
  });
});

describe('random values', () => {
  it('makes alphanumeric strings of the asked length and recovery codes of the documented shape', () => {
    expect(randomAlphanumeric(43)).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(recoveryCode()).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);
  });
});

describe('slugify', () => {
  it('folds accents, lowers case and keeps a DNS label', () => {
    expect(slugify('Café Ötzi & Fils')).toBe('cafe-otzi-fils');
    expect(slugify('  --Été 2026!! ')).toBe('ete-2026');
    expect(slugify('A')).toMatch(/^a-[a-z0-9]{4}$/);
    expect(slugify('x'.repeat(80))).toHaveLength(40);
  });
});
