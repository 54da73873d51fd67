/**
 * Sign-in page of the account app (public): the shared form, back to `?next=` afterwards.
 */
import { AuthLayout, SignInForm } from '@comptoir/ui';
import type { Metadata } from 'next';
import { env } from '@/env';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <AuthLayout title="Sign in" description="One account for every Comptoir app.">
      <SignInForm
        publicBaseUrl={env.PUBLIC_BASE_URL}
        next={typeof next === 'string' ? next : null}
        forgotPasswordHref="/forgot-password"
      />
    </AuthLayout>
  );
}
