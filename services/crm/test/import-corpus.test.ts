/**
 * Conformance on real third-party files: every vCard and contact CSV of the shared corpus
 * (`../shared/corpus/vcard/`, `../shared/corpus/contacts-csv/`, next to the repository, see its
 * PROVENANCE.md) is uploaded, run and reported through the real HTTP handlers and job, each in a
 * tenant of its own. No file may cause a 5xx; every row is accounted for (created, updated,
 * skipped or rejected); every rejected or skipped row carries a reason. The table of results is
 * printed in the test output. The files are read where they are, never copied into the project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bearer,
  createTenant,
  signAccessToken,
  silentLogger,
  useAdminPool,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { readJson } from '@comptoir/testing/http';
import { afterAll, describe, expect, it } from 'vitest';
import { handleImportEvent, IMPORT_QUEUED_EVENT } from '../src/import/worker.js';
import { useCrmService } from './helpers.js';

/** `/work/main/../shared/corpus`: the corpus sits beside the repository, not in it. */
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const FOLDERS = [
  { folder: 'vcard', contentType: 'text/vcard' },
  { folder: 'contacts-csv', contentType: 'text/csv' },
] as const;

interface Result {
  file: string;
  encoding: string;
  found: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  warnings: number;
  note: string;
}

const results: Result[] = [];

function table(rows: Result[]): string {
  const header = [
    'file',
    'encoding',
    'found',
    'created',
    'updated',
    'skipped',
    'rejected',
    'warnings',
    'first reason / ignored',
  ];
  const lines = rows.map((r) =>
    [r.file, r.encoding, r.found, r.created, r.updated, r.skipped, r.rejected, r.warnings, r.note].map(
      String,
    ),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => Math.min(l[i]!.length, 70))));
  const format = (cells: string[]) =>
    `| ${cells.map((c, i) => c.slice(0, 70).padEnd(widths[i]!)).join(' | ')} |`;
  const total = rows.reduce(
    (t, r) => [t[0]! + r.found, t[1]! + r.created + r.updated, t[2]! + r.rejected],
    [0, 0, 0],
  );
  return [
    format(header),
    format(widths.map((w) => '-'.repeat(w))),
    ...lines.map(format),
    '',
    `${rows.length} files: ${total[0]} rows or cards found, ${total[1]} imported (created or updated), ${total[2]} rejected with their reasons`,
  ].join('\n');
}

// Skipped cleanly when the corpus folder is absent (a checkout without ../shared).
describe.skipIf(!existsSync(CORPUS))('import conformance on the shared corpus', () => {
  const admin = useAdminPool();
  const pool = useServicePool('crm', 4);
  const { app } = useCrmService();

  afterAll(() => {
    if (results.length)
      console.log(
        `\nImport conformance (${CORPUS})\n${table(results.sort((a, b) => a.file.localeCompare(b.file)))}\n`,
      );
  });

  for (const { folder, contentType } of FOLDERS) {
    const dir = join(CORPUS, folder);
    const files = existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => !f.startsWith('.'))
          .sort()
      : [];
    // Skipped when this subfolder of the corpus is absent or empty (a partial ../shared); the
    // conformance table then lists no file of it.
    it.skipIf(files.length === 0)(`finds files in ${folder}/`, () => expect(files.length).toBeGreaterThan(0));

    for (const file of files) {
      it(`imports ${folder}/${file} without a server error, every row accounted for`, async () => {
        const owner = await createTenant(admin);
        const headers = bearer(await signAccessToken(owner));
        const body = readFileSync(join(dir, file));
        const upload = await app.request(`/imports?filename=${encodeURIComponent(file)}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': contentType },
          body,
        });
        expect(upload.status, await upload.clone().text()).toBeLessThan(500);
        if (upload.status !== 201) {
          const problem = await readJson(upload);
          expect(problem.detail).toBeTruthy();
          results.push({
            file,
            encoding: '-',
            found: 0,
            created: 0,
            updated: 0,
            skipped: 0,
            rejected: 0,
            warnings: 0,
            note: `refused: ${problem.detail}`,
          });
          return;
        }
        const created = await readJson(upload);

        const run = await app.request(`/imports/${created.id}/run`, { method: 'POST', headers });
        expect(run.status, await run.clone().text()).toBe(202);
        const outcome = await handleImportEvent(
          { pool, logger: silentLogger() },
          {
            id: 0,
            type: IMPORT_QUEUED_EVENT,
            tenant_id: owner.tenantId,
            aggregate_type: 'import',
            aggregate_id: created.id,
            occurred_at: '',
            payload: { import_id: created.id, user_id: owner.userId },
          },
        );
        expect(outcome).toBe('completed');
        const done = await readJson(await app.request(`/imports/${created.id}`, { headers }));
        const { counts, progress } = done;
        expect(done.status).toBe('completed');
        // Nothing silently dropped: every row found is created, updated, skipped or rejected.
        expect(counts.created + counts.updated + counts.skipped + counts.rejected).toBe(progress.total_rows);

        const reported: Array<{ outcome: string; reasons: string[] }> = [];
        let cursor: string | null = null;
        do {
          const page: { data: Array<{ outcome: string; reasons: string[] }>; next_cursor: string | null } =
            await readJson(
              await app.request(
                `/imports/${created.id}/rejections?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
                {
                  headers,
                },
              ),
            );
          reported.push(...page.data);
          cursor = page.next_cursor;
        } while (cursor);
        const rejected = reported.filter((r) => r.outcome === 'rejected');
        expect(rejected).toHaveLength(counts.rejected);
        expect(reported.filter((r) => r.outcome === 'skipped')).toHaveLength(counts.skipped);
        for (const r of reported) {
          expect(r.reasons.length).toBeGreaterThan(0);
          for (const reason of r.reasons) expect(reason.trim()).not.toBe('');
        }
        const { rows } = await admin.query(
          'select count(*)::int as n from crm.contacts where tenant_id = $1',
          [owner.tenantId],
        );
        expect(rows[0].n).toBe(counts.created);

        const ignored = Object.entries(done.ignored as Record<string, number>)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ');
        results.push({
          file,
          encoding: done.encoding,
          found: progress.total_rows,
          created: counts.created,
          updated: counts.updated,
          skipped: counts.skipped,
          rejected: counts.rejected,
          warnings: counts.warnings,
          note:
            [...rejected, ...reported.filter((r) => r.outcome === 'skipped')][0]?.reasons[0] ??
            (ignored ? `ignored: ${ignored}` : ''),
        });
      });
    }
  }
});
