/**
 * API keys of the current company: create one (name, permissions limited to the member's own,
 * optional expiry; the secret is shown once), list them, revoke them. Owners and admins see
 * everyone's keys; other members their own.
 */
import type { ApiKey } from '@comptoir/contracts/auth';
import {
  Alert,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import { ApiError, can, signInPath } from '@comptoir/ui/server';
import { KeyRound } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { authApi, requireMe } from '@/lib/api';
import { dateFormatter } from '@/lib/format';
import { PageHeader } from '../../_components/page-header';
import { CreateApiKeyForm } from './_components/create-api-key-form';
import { RevokeApiKeyButton } from './_components/revoke-api-key-button';

export const metadata: Metadata = { title: 'API keys' };

async function loadKeys(): Promise<{ ok: true; data: ApiKey[] } | { ok: false; message: string }> {
  try {
    return { ok: true, data: (await authApi.request<{ data: ApiKey[] }>('/api-keys')).data };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) redirect(await signInPath());
    return { ok: false, message: error.message };
  }
}

function stateOf(
  key: ApiKey,
  now: number,
): { label: string; variant: 'success' | 'secondary' | 'destructive' } {
  if (key.revoked_at) return { label: 'Revoked', variant: 'destructive' };
  if (key.expires_at && new Date(key.expires_at).getTime() <= now)
    return { label: 'Expired', variant: 'secondary' };
  return { label: 'Active', variant: 'success' };
}

export default async function ApiKeysPage() {
  const me = await requireMe();
  if (!can(me, 'api_keys:read')) {
    return (
      <div className="grid grid-cols-1 gap-6">
        <PageHeader title="API keys" />
        <Alert variant="info">Your role does not use API keys in {me.tenant.name}.</Alert>
      </div>
    );
  }
  const keys = await loadKeys();
  const date = dateFormatter(me.tenant);
  const now = Date.now();
  const mayRevoke = can(me, 'api_keys:revoke');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="API keys"
        description={`Keys let scripts and other tools act for you in ${me.tenant.name}, with the permissions you give them.`}
      />

      {can(me, 'api_keys:create') && me.api_key_id === null ? (
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>A key can only hold permissions you have yourself.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateApiKeyForm permissions={[...me.permissions].sort()} />
          </CardContent>
        </Card>
      ) : null}

      <section aria-labelledby="keys-heading" className="grid grid-cols-1 gap-3">
        <h2 id="keys-heading" className="font-semibold text-lg">
          Keys
        </h2>
        {!keys.ok ? (
          <Alert variant="error" title="The keys could not be loaded">
            {keys.message}
          </Alert>
        ) : keys.data.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No API keys yet"
            description="Keys you create appear here."
          />
        ) : (
          <div className="rounded-xl border bg-card">
            <Table aria-labelledby="keys-heading">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Key</TableHead>
                  <TableHead className="hidden lg:table-cell">Permissions</TableHead>
                  <TableHead className="hidden sm:table-cell">Last used</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {keys.data.map((k) => {
                  const state = stateOf(k, now);
                  return (
                    <TableRow key={k.id}>
                      <TableCell>
                        <span className="grid">
                          <span className="font-medium">{k.name}</span>
                          <span className="text-muted-foreground text-xs">
                            Created {date(k.created_at)}
                            {k.expires_at ? ` · expires ${date(k.expires_at)}` : ''}
                          </span>
                        </span>
                      </TableCell>
                      <TableCell className="hidden font-mono text-xs md:table-cell">
                        cpt_{k.prefix}_…
                      </TableCell>
                      <TableCell className="hidden max-w-[18rem] lg:table-cell">
                        <span className="text-muted-foreground text-xs">{k.permissions.join(', ')}</span>
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">
                        {k.last_used_at ? date(k.last_used_at) : 'Never'}
                      </TableCell>
                      <TableCell>
                        <Badge variant={state.variant}>{state.label}</Badge>
                      </TableCell>
                      <TableCell className="text-right">
                        {mayRevoke && state.label === 'Active' ? (
                          <RevokeApiKeyButton id={k.id} name={k.name} />
                        ) : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
