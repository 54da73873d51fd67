/**
 * The page of the e-mail confirmation link (`/verify-email?token=`).
 */
import { Alert, AuthLayout } from '@comptoir/ui';
import type { Metadata } from 'next';
import { VerifyEmail } from './_components/verify-email';

export const metadata: Metadata = { title: 'Confirm your e-mail address' };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return (
    <AuthLayout title="Confirm your e-mail address">
      {typeof token === 'string' && token.length >= 10 ? (
        <VerifyEmail token={token} />
      ) : (
        <Alert variant="error" title="This link is incomplete">
          Open the link from the e-mail again. Signed in, you can ask for a new one from your home page.
        </Alert>
      )}
    </AuthLayout>
  );
}
