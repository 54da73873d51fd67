/**
 * Sign-up page of the billing app (public): creates the account and its tenant.
 */
import { AuthLayout, SignUpForm } from '@comptoir/ui';
import type { Metadata } from 'next';
import { env } from '@/env';

export const metadata: Metadata = { title: 'Create your account' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <AuthLayout
      title="Create your account"
      description="One account for billing and every other Comptoir app. Free to start."
    >
      <SignUpForm publicBaseUrl={env.PUBLIC_BASE_URL} next={typeof next === 'string' ? next : null} />
    </AuthLayout>
  );
}
