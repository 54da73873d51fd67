/**
 * Signature verification through the official SDK, on every real payload of the shared corpus
 * (`../shared/corpus/stripe/*.json`, next to the repository, see its PROVENANCE.md), signed here
 * with a test secret, plus each way a delivery can be refused.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  StripeSignatureError,
  type StripeSignatureFailure,
  signStripePayload,
  verifyStripeSignature,
} from './webhook.js';

const SECRET = 'whsec_test_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH';
const NOW = new Date('2025-06-15T10:00:00Z');
const PAYLOAD = JSON.stringify({
  id: 'evt_test_1',
  object: 'event',
  type: 'invoice.paid',
  data: { object: {} },
});

/**
 * `/work/main/../shared/corpus`: walks up from this file to the repository root (the folder holding
 * `pnpm-workspace.yaml`), then goes to its sibling `shared/corpus`. `null` when not found.
 */
function findCorpus(): string | null {
  let dir = new URL('./', import.meta.url);
  for (let depth = 0; depth < 10; depth++) {
    if (existsSync(fileURLToPath(new URL('pnpm-workspace.yaml', dir)))) {
      const corpus = fileURLToPath(new URL('../shared/corpus/', dir));
      return existsSync(corpus) ? corpus : null;
    }
    dir = new URL('../', dir);
  }
  return null;
}

const STRIPE_DIR = (() => {
  const corpus = findCorpus();
  return corpus && existsSync(join(corpus, 'stripe')) ? join(corpus, 'stripe') : null;
})();
const FILES = STRIPE_DIR
  ? readdirSync(STRIPE_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

function reasonOf(run: () => unknown): StripeSignatureFailure | 'no error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    expect(error).toBeInstanceOf(StripeSignatureError);
    return (error as StripeSignatureError).reason;
  }
}

describe('verifyStripeSignature', () => {
  it('returns the parsed event for a payload signed with the secret', () => {
    const header = signStripePayload(PAYLOAD, SECRET, NOW);
    expect(header).toMatch(/^t=1749981600,v1=[0-9a-f]{64}$/);
    expect(verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW })).toEqual(JSON.parse(PAYLOAD));
    expect(verifyStripeSignature(Buffer.from(PAYLOAD), header, SECRET, { now: NOW }).id).toBe('evt_test_1');
  });

  it('accepts a header carrying several v1 signatures (secret rolling) when one matches', () => {
    const good = signStripePayload(PAYLOAD, SECRET, NOW);
    const other = signStripePayload(PAYLOAD, 'whsec_old', NOW).split(',')[1];
    expect(verifyStripeSignature(PAYLOAD, `${good},${other}`, SECRET, { now: NOW }).id).toBe('evt_test_1');
    expect(
      verifyStripeSignature(PAYLOAD, `${good.split(',')[0]},${other},${good.split(',')[1]}`, SECRET, {
        now: NOW,
      }).id,
    ).toBe('evt_test_1');
  });

  it('refuses a wrong signature with bad_signature', () => {
    const header = signStripePayload(PAYLOAD, SECRET, NOW).replace(/v1=[0-9a-f]/, (m) =>
      m.endsWith('0') ? 'v1=1' : 'v1=0',
    );
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW }))).toBe(
      'bad_signature',
    );
  });

  it('refuses a payload signed with another secret with bad_signature', () => {
    const header = signStripePayload(PAYLOAD, 'whsec_someone_else', NOW);
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW }))).toBe(
      'bad_signature',
    );
  });

  it('refuses an altered or re-serialised body with bad_signature', () => {
    const header = signStripePayload(PAYLOAD, SECRET, NOW);
    const reformatted = JSON.stringify(JSON.parse(PAYLOAD), null, 2);
    expect(reasonOf(() => verifyStripeSignature(reformatted, header, SECRET, { now: NOW }))).toBe(
      'bad_signature',
    );
    expect(reasonOf(() => verifyStripeSignature('', header, SECRET, { now: NOW }))).toBe('bad_signature');
  });

  it('refuses a signature made 6 minutes ago with timestamp_out_of_tolerance (default 300 s)', () => {
    const sixMinutesAgo = new Date(NOW.getTime() - 6 * 60_000);
    const header = signStripePayload(PAYLOAD, SECRET, sixMinutesAgo);
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW }))).toBe(
      'timestamp_out_of_tolerance',
    );
    // Same header with the real clock (even later): still refused.
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET))).toBe('timestamp_out_of_tolerance');
    // Within a wider tolerance, or 4 minutes old: accepted.
    expect(verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW, toleranceSeconds: 600 }).id).toBe(
      'evt_test_1',
    );
    const fourMinutesAgo = signStripePayload(PAYLOAD, SECRET, new Date(NOW.getTime() - 4 * 60_000));
    expect(verifyStripeSignature(PAYLOAD, fourMinutesAgo, SECRET, { now: NOW }).id).toBe('evt_test_1');
  });

  it('checks the signature before the age: an old forged header is a bad_signature', () => {
    const header = signStripePayload(PAYLOAD, 'whsec_forger', new Date(NOW.getTime() - 3_600_000));
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW }))).toBe(
      'bad_signature',
    );
  });

  it('refuses a missing or empty header with missing_header', () => {
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, undefined, SECRET, { now: NOW }))).toBe(
      'missing_header',
    );
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, '', SECRET, { now: NOW }))).toBe('missing_header');
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, '  ', SECRET, { now: NOW }))).toBe('missing_header');
  });

  it.each([
    ['garbage', 'not a signature'],
    ['no timestamp', 'v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd'],
    [
      'a non-numeric timestamp',
      't=yesterday,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    ],
    ['no v1 signature', 't=1749981600'],
    [
      'only a v0 signature',
      't=1749981600,v0=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
    ],
  ])('refuses a header with %s with malformed_header', (_label, header) => {
    expect(reasonOf(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW }))).toBe(
      'malformed_header',
    );
  });

  it('treats a blank secret or a negative tolerance as a configuration error, not a signature failure', () => {
    const header = signStripePayload(PAYLOAD, SECRET, NOW);
    expect(() => verifyStripeSignature(PAYLOAD, header, '', { now: NOW })).toThrow(TypeError);
    expect(() => verifyStripeSignature(PAYLOAD, header, SECRET, { now: NOW, toleranceSeconds: -1 })).toThrow(
      TypeError,
    );
  });
});

// Skipped when ../shared/corpus/stripe (third-party payloads beside the repository, never copied
// into it) is absent, e.g. in a checkout without ../shared: there is nothing to sign.
describe.skipIf(FILES.length === 0)(
  'verifyStripeSignature on the shared corpus (../shared/corpus/stripe)',
  () => {
    it.each(FILES)('signs and verifies %s byte for byte', (file) => {
      const raw = readFileSync(join(STRIPE_DIR!, file));
      const header = signStripePayload(raw.toString('utf8'), SECRET, NOW);
      // Verified from the raw bytes (as a Buffer) and as a string: both give back the same JSON.
      expect(verifyStripeSignature(raw, header, SECRET, { now: NOW })).toEqual(
        JSON.parse(raw.toString('utf8')),
      );
      expect(verifyStripeSignature(raw.toString('utf8'), header, SECRET, { now: NOW })).toEqual(
        JSON.parse(raw.toString('utf8')),
      );
      // One byte changed (the last closing brace preceded by a space) no longer verifies.
      const tampered = `${raw.toString('utf8').trimEnd().slice(0, -1)} }`;
      expect(reasonOf(() => verifyStripeSignature(tampered, header, SECRET, { now: NOW }))).toBe(
        'bad_signature',
      );
    });
  },
);
