/**
 * Members of the current company and pending invitations: invite by e-mail with a role, change
 * roles, remove members (or leave), withdraw invitations. What shows depends on the member's
 * permissions (`members:read|invite|update|remove`) and the role rules (nobody grants above their
 * own role).
 */
import type { InvitationSchema, Member } from '@comptoir/contracts/auth';
import { canAssignRole, ROLES, type Role } from '@comptoir/contracts/permissions';
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
import { MailPlus } from 'lucide-react';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { authApi, requireMe } from '@/lib/api';
import { dateFormatter, roleLabel } from '@/lib/format';
import { PageHeader } from '../../_components/page-header';
import { InviteMemberForm } from './_components/invite-member-form';
import { MemberRoleSelect, RemoveMemberButton, WithdrawInvitationButton } from './_components/member-actions';

export const metadata: Metadata = { title: 'Members' };

type Invitation = z.infer<typeof InvitationSchema>;

async function load<T>(path: string): Promise<{ ok: true; data: T } | { ok: false; message: string }> {
  try {
    return { ok: true, data: (await authApi.request<{ data: T }>(path)).data };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) redirect(await signInPath());
    return { ok: false, message: error.message };
  }
}

export default async function MembersPage() {
  const me = await requireMe();
  if (!can(me, 'members:read')) {
    return (
      <div className="grid grid-cols-1 gap-6">
        <PageHeader title="Members" />
        <Alert variant="info">Your role does not show the members of {me.tenant.name}.</Alert>
      </div>
    );
  }
  const [members, invitations] = await Promise.all([
    load<Member[]>('/members'),
    load<Invitation[]>('/invitations'),
  ]);
  const date = dateFormatter(me.tenant);
  const actor = me.role as Role;
  const assignable = ROLES.filter((r) => canAssignRole(actor, r));
  const mayInvite = can(me, 'members:invite');
  const mayUpdate = can(me, 'members:update');
  const mayRemove = can(me, 'members:remove');
  const otherTenant = me.tenants.find((t) => t.id !== me.tenant.id);

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Members"
        description={`The people who work in ${me.tenant.name}, and what they may do.`}
      />

      {mayInvite ? (
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
            <CardDescription>They receive an e-mail with a link valid for 7 days.</CardDescription>
          </CardHeader>
          <CardContent>
            <InviteMemberForm roles={assignable.map((r) => ({ value: r, label: roleLabel(r) }))} />
          </CardContent>
        </Card>
      ) : null}

      <section aria-labelledby="members-heading" className="grid grid-cols-1 gap-3">
        <h2 id="members-heading" className="font-semibold text-lg">
          Members
        </h2>
        {!members.ok ? (
          <Alert variant="error" title="The members could not be loaded">
            {members.message}
          </Alert>
        ) : (
          <div className="rounded-xl border bg-card">
            <Table aria-labelledby="members-heading">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Joined</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {members.data.map((m) => {
                  const self = m.user_id === me.user.id;
                  const manageable = canAssignRole(actor, m.role);
                  return (
                    <TableRow key={m.user_id}>
                      <TableCell>
                        <span className="grid">
                          <span className="font-medium">
                            {m.name} {self ? <Badge variant="secondary">You</Badge> : null}
                          </span>
                          <span className="text-muted-foreground text-xs md:hidden">{m.email}</span>
                        </span>
                      </TableCell>
                      <TableCell className="hidden md:table-cell">{m.email}</TableCell>
                      <TableCell>
                        {mayUpdate && manageable ? (
                          <MemberRoleSelect
                            userId={m.user_id}
                            name={m.name}
                            role={m.role}
                            roles={assignable.map((r) => ({ value: r, label: roleLabel(r) }))}
                          />
                        ) : (
                          <Badge variant="outline">{roleLabel(m.role)}</Badge>
                        )}
                      </TableCell>
                      <TableCell className="hidden text-muted-foreground sm:table-cell">
                        {date(m.joined_at)}
                      </TableCell>
                      <TableCell className="text-right">
                        {self ? (
                          otherTenant ? (
                            <RemoveMemberButton
                              userId={m.user_id}
                              name={m.name}
                              tenantName={me.tenant.name}
                              leaving
                              switchToTenantId={otherTenant.id}
                            />
                          ) : null
                        ) : mayRemove && manageable ? (
                          <RemoveMemberButton userId={m.user_id} name={m.name} tenantName={me.tenant.name} />
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

      <section aria-labelledby="invitations-heading" className="grid grid-cols-1 gap-3">
        <h2 id="invitations-heading" className="font-semibold text-lg">
          Pending invitations
        </h2>
        {!invitations.ok ? (
          <Alert variant="error" title="The invitations could not be loaded">
            {invitations.message}
          </Alert>
        ) : invitations.data.length === 0 ? (
          <EmptyState
            icon={<MailPlus />}
            title="No pending invitations"
            description={mayInvite ? 'Invitations you send appear here until they are accepted.' : undefined}
          />
        ) : (
          <div className="rounded-xl border bg-card">
            <Table aria-labelledby="invitations-heading">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Email</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden sm:table-cell">Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {invitations.data.map((i) => (
                  <TableRow key={i.id}>
                    <TableCell className="font-medium">{i.email}</TableCell>
                    <TableCell>
                      <Badge variant="outline">{roleLabel(i.role)}</Badge>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {date(i.expires_at)}
                    </TableCell>
                    <TableCell className="text-right">
                      {mayInvite ? <WithdrawInvitationButton id={i.id} email={i.email} /> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
