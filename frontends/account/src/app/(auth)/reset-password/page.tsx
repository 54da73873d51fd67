/**
 * The page of the password-reset e-mail link (`/reset-password?token=`): choose a new password.
 */
import { Alert, AuthLayout } from '@comptoir/ui';
import type { Metadata } from 'next';
import { ResetPasswordForm } from './_components/reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password' };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return (
    <AuthLayout
      title="Choose a new password"
      description="Every device signed in to your account will be signed out."
      footer={
        <a href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Back to sign in
        </a>
      }
    >
      {typeof token === 'string' && token.length >= 10 ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Alert variant="error" title="This link is incomplete">
          Open the link from the e-mail again, or <a href="/forgot-password">ask for a new one</a>.
        </Alert>
      )}
    </AuthLayout>
  );
}
