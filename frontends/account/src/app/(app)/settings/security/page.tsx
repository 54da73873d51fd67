/**
 * Security of the signed-in user: password, two-factor authentication (TOTP) and the devices
 * signed in.
 */
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@comptoir/ui';
import { ApiError, signInPath } from '@comptoir/ui/server';
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { authApi, requireMe } from '@/lib/api';
import { dateFormatter, describeUserAgent } from '@/lib/format';
import { PageHeader } from '../../_components/page-header';
import { ChangePasswordForm } from './_components/change-password-form';
import { MfaSection } from './_components/mfa-section';
import { SessionsList } from './_components/sessions-list';

export const metadata: Metadata = { title: 'Security' };

interface Session {
  id: string;
  user_agent: string | null;
  aal: string;
  created_at: string;
  refreshed_at: string | null;
  current: boolean;
}

async function loadSessions(): Promise<{ ok: true; data: Session[] } | { ok: false; message: string }> {
  try {
    return { ok: true, data: (await authApi.request<{ data: Session[] }>('/sessions')).data };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) redirect(await signInPath());
    return { ok: false, message: error.message };
  }
}

export default async function SecurityPage() {
  const me = await requireMe();
  const sessions = await loadSessions();
  const date = dateFormatter(me.tenant, true);

  return (
    <div className="grid max-w-3xl grid-cols-1 gap-6">
      <PageHeader title="Security" description={`Protect your account, ${me.user.email}.`} />

      <Card>
        <CardHeader>
          <CardTitle>Password</CardTitle>
          <CardDescription>Changing it signs out your other devices.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm email={me.user.email} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Two-factor authentication</CardTitle>
          <CardDescription>
            A code from an authenticator app on your phone, asked after your password.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <MfaSection enabled={me.user.mfa_enabled} />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Signed-in devices</CardTitle>
          <CardDescription>Sign out the ones you do not recognise.</CardDescription>
        </CardHeader>
        <CardContent>
          {sessions.ok ? (
            <SessionsList
              sessions={sessions.data.map((s) => ({
                id: s.id,
                device: describeUserAgent(s.user_agent),
                userAgent: s.user_agent,
                signedIn: date(s.created_at),
                lastActive: date(s.refreshed_at ?? s.created_at),
                current: s.current,
                twoFactor: s.aal === 'aal2',
              }))}
            />
          ) : (
            <Alert variant="error" title="The devices could not be loaded">
              {sessions.message}
            </Alert>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
