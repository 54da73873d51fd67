/**
 * Sign-up page of the account app (public): creates the account and its company (tenant).
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
      description="CRM, billing, accounting and scheduling for your business, with one account."
    >
      <SignUpForm publicBaseUrl={env.PUBLIC_BASE_URL} next={typeof next === 'string' ? next : null} />
    </AuthLayout>
  );
}
