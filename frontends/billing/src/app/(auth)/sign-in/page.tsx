/**
 * Sign-in page of the billing app (public): the shared form, back to `?next=` afterwards.
 */
import { parsePublicOrigin, subdomainUrl } from '@comptoir/routing';
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
  const accountUrl = subdomainUrl(parsePublicOrigin(env.PUBLIC_BASE_URL), 'account');
  return (
    <AuthLayout title="Sign in" description="Welcome back. Sign in to open your invoices.">
      <SignInForm
        publicBaseUrl={env.PUBLIC_BASE_URL}
        next={typeof next === 'string' ? next : null}
        forgotPasswordHref={`${accountUrl}/forgot-password`}
      />
    </AuthLayout>
  );
}
