/**
 * The committed Kysely types are exactly what the migrations produce: regenerate with
 * `pnpm db:types` after adding a migration.
 */
import { readFileSync } from 'node:fs';
import { testDb } from '@comptoir/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { generatedFile, generateSchemaTypes, TYPED_SCHEMAS } from '../src/codegen.js';

describe('generated database types', () => {
  for (const schema of TYPED_SCHEMAS) {
    it(`match the migrated schema ${schema} (run pnpm db:types if not)`, async () => {
      const expected = await generateSchemaTypes(testDb().adminUrl, schema);
      expect(readFileSync(generatedFile(schema), 'utf8')).toBe(expected);
    });
  }
});
