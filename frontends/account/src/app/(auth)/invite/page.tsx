/**
 * The page of an invitation e-mail link (`/invite?token=`): what the invitation offers
 * (`POST /invitations/preview`), then accept it signed in, or create an account / sign in first.
 */
import type { Role } from '@comptoir/contracts/permissions';
import { Alert, AuthLayout } from '@comptoir/ui';
import { ApiError } from '@comptoir/ui/server';
import type { Metadata } from 'next';
import { env } from '@/env';
import { authApi, getMe } from '@/lib/api';
import { roleLabel } from '@/lib/format';
import { AcceptInvitation, InviteSignedOut, WrongAccount } from './_components/invite-actions';

export const metadata: Metadata = { title: 'Invitation' };

interface InvitationPreview {
  tenant_name: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: string;
}

async function preview(token: string): Promise<InvitationPreview | { error: string }> {
  try {
    return await authApi.request<InvitationPreview>('/invitations/preview', {
      method: 'POST',
      body: { token },
      anonymous: true,
    });
  } catch (error) {
    if (error instanceof ApiError) return { error: error.message };
    throw error;
  }
}

export default async function InvitePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  if (typeof token !== 'string' || token.length < 10) {
    return (
      <AuthLayout title="Invitation">
        <Alert variant="error" title="This link is incomplete">
          Open the link from the invitation e-mail again.
        </Alert>
      </AuthLayout>
    );
  }

  const [invitation, me] = await Promise.all([preview(token), getMe().catch(() => null)]);
  if ('error' in invitation) {
    return (
      <AuthLayout title="Invitation">
        <Alert variant="error" title="This invitation cannot be used">
          {invitation.error} Ask the person who invited you to send a new one.
        </Alert>
      </AuthLayout>
    );
  }

  const expires = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(
    new Date(invitation.expires_at),
  );
  const summary = (
    <p className="text-muted-foreground text-sm">
      {invitation.invited_by ? `${invitation.invited_by} invited ` : 'You are invited: '}
      <strong className="text-foreground">{invitation.email}</strong> to join{' '}
      <strong className="text-foreground">{invitation.tenant_name}</strong> as{' '}
      <strong className="text-foreground">{roleLabel(invitation.role)}</strong>. The invitation expires on{' '}
      {expires}.
    </p>
  );

  return (
    <AuthLayout title={`Join ${invitation.tenant_name}`}>
      <div className="grid gap-6">
        {summary}
        {me === null ? (
          <InviteSignedOut
            token={token}
            email={invitation.email}
            tenantName={invitation.tenant_name}
            publicBaseUrl={env.PUBLIC_BASE_URL}
          />
        ) : me.user.email.toLowerCase() === invitation.email.toLowerCase() ? (
          <AcceptInvitation token={token} tenantName={invitation.tenant_name} />
        ) : (
          <WrongAccount token={token} signedInAs={me.user.email} invitedEmail={invitation.email} />
        )}
      </div>
    </AuthLayout>
  );
}
