/**
 * "Forgot your password?": asks for the e-mail address and sends a reset link.
 */
import { AuthLayout } from '@comptoir/ui';
import type { Metadata } from 'next';
import { ForgotPasswordForm } from './_components/forgot-password-form';

export const metadata: Metadata = { title: 'Reset your password' };

export default function ForgotPasswordPage() {
  return (
    <AuthLayout
      title="Reset your password"
      description="Enter the e-mail address of your account and we will send you a link to choose a new password."
      footer={
        <a href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Back to sign in
        </a>
      }
    >
      <ForgotPasswordForm />
    </AuthLayout>
  );
}
