'use client';
/**
 * @module preview-step
 * The import wizard's dry run: what would happen to every row (create, update, skip, reject),
 * the first rows as they would be imported, and every row with a problem and why.
 */
import type { ImportDryRun } from '@comptoir/contracts/crm/imports';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { ChevronLeft } from 'lucide-react';

const ACTION_BADGES = {
  create: { label: 'New', variant: 'success' },
  update: { label: 'Update', variant: 'default' },
  skip: { label: 'Skip', variant: 'secondary' },
  reject: { label: 'Rejected', variant: 'destructive' },
} as const;

const OUTCOME_BADGES = {
  rejected: { label: 'Rejected', variant: 'destructive' },
  skipped: { label: 'Skipped', variant: 'secondary' },
  warning: { label: 'Warning', variant: 'warning' },
} as const;

/** Props of {@link PreviewStep}. */
export interface PreviewStepProps {
  dryRun: ImportDryRun;
  onBack: () => void;
  onRun: () => void;
  running: boolean;
}

/** Counts, preview, problems, and the button starting the import. */
export function PreviewStep({ dryRun, onBack, onRun, running }: PreviewStepProps) {
  const { counts } = dryRun;
  const writes = counts.create + counts.update;
  const ignored = Object.entries(dryRun.ignored);
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>What the import will do</CardTitle>
          <CardDescription>
            {dryRun.total_rows} {dryRun.total_rows === 1 ? 'row' : 'rows'} read. Nothing has been written yet.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            {[
              ['New contacts', counts.create],
              ['Updated contacts', counts.update],
              ['Skipped rows', counts.skip],
              ['Rejected rows', counts.reject],
              ['Rows with a warning', counts.warnings],
              ['New companies', counts.companies_to_create],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border p-3">
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="font-semibold text-2xl tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {ignored.length > 0 ? (
            <p className="mt-3 text-muted-foreground text-xs">
              Left out: {ignored.map(([name, count]) => `${name} (${count})`).join(', ')}.
            </p>
          ) : null}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>First rows</CardTitle>
        </CardHeader>
        <CardContent className="px-0 sm:px-0">
          <Table aria-label="First rows as they will be imported">
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead className="pl-5 sm:pl-6">Row</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Email</TableHead>
                <TableHead className="hidden md:table-cell">Phone</TableHead>
                <TableHead className="hidden lg:table-cell">Company</TableHead>
                <TableHead className="pr-5 sm:pr-6">Notes</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {dryRun.preview.map((row) => {
                const badge = ACTION_BADGES[row.action];
                const c = row.contact;
                return (
                  <TableRow key={row.row}>
                    <TableCell className="pl-5 tabular-nums sm:pl-6">{row.row}</TableCell>
                    <TableCell>
                      <Badge variant={badge.variant}>{badge.label}</Badge>
                    </TableCell>
                    <TableCell className="font-medium">
                      {c ? `${c.first_name} ${c.last_name}`.trim() || '—' : '—'}
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">{c?.emails[0]?.address ?? '—'}</TableCell>
                    <TableCell className="hidden md:table-cell">{c?.phones[0]?.number ?? '—'}</TableCell>
                    <TableCell className="hidden lg:table-cell">{c?.company_name ?? '—'}</TableCell>
                    <TableCell className="pr-5 text-muted-foreground text-xs sm:pr-6">
                      {row.reasons.join('; ') || '—'}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Rows with a problem</CardTitle>
          <CardDescription>
            {dryRun.problems.length === 0
              ? 'None: every row can be imported as it is.'
              : `${dryRun.problems.length}${dryRun.problems_truncated ? '+' : ''} rows: why each is rejected or skipped, or what will be changed to import it.`}
          </CardDescription>
        </CardHeader>
        {dryRun.problems.length > 0 ? (
          <CardContent className="px-0 sm:px-0">
            <div className="max-h-[28rem] overflow-y-auto">
              <Table aria-label="Rows with a problem">
                <TableHeader className="sticky top-0 bg-card">
                  <TableRow className="hover:bg-transparent">
                    <TableHead className="pl-5 sm:pl-6">Row</TableHead>
                    <TableHead className="hidden sm:table-cell">Line</TableHead>
                    <TableHead>Outcome</TableHead>
                    <TableHead className="pr-5 sm:pr-6">Why</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {dryRun.problems.map((p) => {
                    const badge = OUTCOME_BADGES[p.outcome];
                    return (
                      <TableRow key={`${p.row}-${p.outcome}`}>
                        <TableCell className="pl-5 tabular-nums sm:pl-6">{p.row}</TableCell>
                        <TableCell className="hidden tabular-nums sm:table-cell">{p.line ?? '—'}</TableCell>
                        <TableCell>
                          <Badge variant={badge.variant}>{badge.label}</Badge>
                        </TableCell>
                        <TableCell className="pr-5 text-sm sm:pr-6">{p.reasons.join('; ')}</TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
            {dryRun.problems_truncated ? (
              <p className="px-5 pt-3 text-muted-foreground text-xs sm:px-6">
                Only the first {dryRun.problems.length} are listed; after the import, every row not imported
                can be downloaded.
              </p>
            ) : null}
          </CardContent>
        ) : null}
      </Card>

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-between">
        <Button variant="outline" onClick={onBack}>
          <ChevronLeft aria-hidden="true" />
          Back to the mapping
        </Button>
        <Button onClick={onRun} pending={running} disabled={writes === 0}>
          {running
            ? 'Starting…'
            : writes === 0
              ? 'Nothing to import'
              : `Import ${writes} ${writes === 1 ? 'contact' : 'contacts'}`}
        </Button>
      </div>
    </div>
  );
}
