'use client';
/**
 * @module invite-actions
 * The three ways through an invitation: accept it (signed in with the invited address), create
 * an account for it, or sign in and then accept it.
 */
import { Alert, apiRequest, Button, SignInForm, SignUpForm, signOut } from '@comptoir/ui';
import { useState } from 'react';

/** `POST /api/auth/invitations/accept`: joins the tenant and switches the session to it. */
async function accept(token: string) {
  return apiRequest('/api/auth/invitations/accept', { method: 'POST', body: { token } });
}

/** Signed in with the invited address: one button, "Accept invitation". */
export function AcceptInvitation({ token, tenantName }: { token: string; tenantName: string }) {
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="grid gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Button
        pending={pending}
        className="w-full"
        onClick={async () => {
          setPending(true);
          setMessage(null);
          const result = await accept(token);
          if (!result.ok) {
            setPending(false);
            setMessage(result.message);
            return;
          }
          window.location.assign('/');
        }}
      >
        {pending ? 'Joining…' : `Accept and join ${tenantName}`}
      </Button>
    </div>
  );
}

/** Signed in with another address: explain, and offer to sign out and continue. */
export function WrongAccount({
  token,
  signedInAs,
  invitedEmail,
}: {
  token: string;
  signedInAs: string;
  invitedEmail: string;
}) {
  return (
    <div className="grid gap-4">
      <Alert variant="warning" title="This invitation is for another address">
        You are signed in as {signedInAs}, but the invitation was sent to {invitedEmail}. Sign out, then open
        the link again to sign in or create an account with {invitedEmail}.
      </Alert>
      <Button variant="outline" onClick={() => void signOut(`/invite?token=${encodeURIComponent(token)}`)}>
        Sign out and continue
      </Button>
    </div>
  );
}

/** Props of {@link InviteSignedOut}. */
export interface InviteSignedOutProps {
  token: string;
  email: string;
  tenantName: string;
  publicBaseUrl: string;
}

/**
 * Signed out: the sign-up form prefilled with the invitation (the account joins the tenant on
 * creation), or, for an existing account, the sign-in form that accepts the invitation once
 * signed in.
 */
export function InviteSignedOut({ token, email, tenantName, publicBaseUrl }: InviteSignedOutProps) {
  const [mode, setMode] = useState<'sign-up' | 'sign-in'>('sign-up');
  const [message, setMessage] = useState<string | null>(null);

  return (
    <div className="grid gap-4">
      <fieldset className="grid grid-cols-2 gap-1 rounded-lg bg-muted p-1">
        <legend className="sr-only">How do you want to continue?</legend>
        {(
          [
            ['sign-up', 'I am new to Comptoir'],
            ['sign-in', 'I have an account'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            aria-pressed={mode === value}
            onClick={() => setMode(value)}
            className="rounded-md px-3 py-2 font-medium text-sm aria-pressed:bg-background aria-pressed:shadow-sm"
          >
            {label}
          </button>
        ))}
      </fieldset>
      {message ? <Alert variant="error">{message}</Alert> : null}
      {mode === 'sign-up' ? (
        <SignUpForm
          publicBaseUrl={publicBaseUrl}
          next="/"
          signInHref={`/sign-in?next=${encodeURIComponent(`/invite?token=${token}`)}`}
          invitation={{ token, email, tenantName }}
        />
      ) : (
        <SignInForm
          publicBaseUrl={publicBaseUrl}
          defaultEmail={email}
          forgotPasswordHref="/forgot-password"
          signUpHref={`/invite?token=${encodeURIComponent(token)}`}
          onSignedIn={async () => {
            const result = await accept(token);
            if (result.ok) return '/';
            setMessage(result.message);
            // Signed in but not joined (e.g. another address): come back here to see why.
            return `/invite?token=${encodeURIComponent(token)}`;
          }}
        />
      )}
    </div>
  );
}
