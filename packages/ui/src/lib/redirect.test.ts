import { describe, expect, it } from 'vitest';
import { safeNext } from './redirect.js';

const BASE = 'http://comptoir.localhost:8080';

describe('safeNext', () => {
  it('keeps same-site relative paths with their query', () => {
    expect(safeNext('/contacts?cursor=abc', BASE)).toBe('/contacts?cursor=abc');
  });

  it('keeps absolute URLs on the platform domain and its subdomains', () => {
    expect(safeNext('http://crm.comptoir.localhost:8080/contacts', BASE)).toBe(
      'http://crm.comptoir.localhost:8080/contacts',
    );
    expect(safeNext('http://comptoir.localhost:8080/', BASE)).toBe('http://comptoir.localhost:8080/');
  });

  it.each([
    ['//evil.example/x'],
    ['/\\evil.example/x'],
    ['https://evil.example/'],
    ['http://comptoir.localhost.evil.example:8080/'],
    ['http://crm.comptoir.localhost:9999/'],
    ['https://crm.comptoir.localhost:8080/'],
    ['javascript:alert(1)'],
    ['http://user:pw@crm.comptoir.localhost:8080/'],
    ['/\u0000x'],
    ['contacts'],
  ])('falls back for %s', (next) => {
    expect(safeNext(next, BASE, '/home')).toBe('/home');
  });

  it('falls back when there is no next', () => {
    expect(safeNext(undefined, BASE)).toBe('/');
    expect(safeNext(null, BASE)).toBe('/');
    expect(safeNext('', BASE)).toBe('/');
  });
});
