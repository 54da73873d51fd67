'use client';
/**
 * @module auth/sign-in-form
 * Signing in from the browser: e-mail and password, then the MFA code when the account has one.
 */
import { LoginSchema, MfaLoginSchema } from '@comptoir/contracts/auth';
import { type FormEvent, useRef, useState } from 'react';
import { Alert } from '../components/alert.js';
import { Button } from '../components/button.js';
import { Field } from '../components/field.js';
import { Input } from '../components/input.js';
import { apiRequest } from '../lib/api-client.js';
import { focusFirstInvalid } from '../lib/forms.js';
import { type FieldErrors, fieldErrorsOfIssues } from '../lib/problem.js';
import { safeNext } from '../lib/redirect.js';

/** Props of {@link SignInForm}. */
export interface SignInFormProps {
  /** The platform's public URL: `next` may point at any of its subdomains. */
  publicBaseUrl: string;
  /** Where to go once signed in (`?next=`); ignored unless same-site relative or on the platform domain. */
  next?: string | null;
  /** Link to the sign-up page (default `/sign-up`, keeping `next`). */
  signUpHref?: string;
  /** Link to the password-reset request page; no link when undefined. */
  forgotPasswordHref?: string;
  /** Prefills the e-mail field (e.g. from an invitation). */
  defaultEmail?: string;
  /**
   * Runs once the session exists, before leaving the page (e.g. accept an invitation); may return
   * the URL to go to instead of `next`.
   */
  onSignedIn?: () => Promise<unknown>;
}

type Step = { kind: 'credentials' } | { kind: 'mfa'; mfaToken: string };

interface LoginResponse {
  mfa_required?: boolean;
  mfa_token?: string;
}

/**
 * Two-step sign-in form. Step one posts `{ email, password }` to `/api/auth/login`; when the
 * answer is `{ mfa_required, mfa_token }` step two asks for the authenticator (or recovery) code
 * and posts it to `/api/auth/mfa/login`. The API sets the session cookies on the platform domain;
 * the form then navigates to the safe `next` (default `/`).
 *
 * Field errors come from the contracts schemas first, then from the problem's `errors` pointers;
 * other failures show in plain words (401 wrong credentials, 429 with the Retry-After wait).
 * The submit button is disabled and says "Signing in…" while the request runs.
 *
 * Accessible names: fields "Email" and "Password", button "Sign in"; MFA step: field
 * "Authentication code", button "Verify".
 */
export function SignInForm({
  publicBaseUrl,
  next,
  signUpHref,
  forgotPasswordHref,
  defaultEmail,
  onSignedIn,
}: SignInFormProps) {
  const [step, setStep] = useState<Step>({ kind: 'credentials' });
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const signUp = signUpHref ?? (next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up');

  function fail(fieldErrors: FieldErrors, text: string | null) {
    setErrors(fieldErrors);
    setMessage(text);
    setPending(false);
    focusFirstInvalid(formRef.current);
  }

  async function finish() {
    let target = safeNext(next, publicBaseUrl, '/');
    if (onSignedIn) {
      try {
        const override = await onSignedIn();
        if (typeof override === 'string' && override) target = override;
      } catch {
        // The session exists; what follows (e.g. accepting an invitation) can be retried from there.
      }
    }
    window.location.assign(target);
  }

  async function submitCredentials(form: HTMLFormElement) {
    const data = new FormData(form);
    const parsed = LoginSchema.safeParse({
      email: data.get('email') ?? '',
      password: data.get('password') ?? '',
    });
    if (!parsed.success) return fail(fieldErrorsOfIssues(parsed.error.issues), null);
    const result = await apiRequest<LoginResponse>('/api/auth/login', {
      method: 'POST',
      body: parsed.data,
      refreshOnUnauthorized: false,
    });
    if (!result.ok) return fail(result.fieldErrors, result.message);
    if (result.data?.mfa_required && result.data.mfa_token) {
      setErrors({});
      setMessage(null);
      setPending(false);
      setStep({ kind: 'mfa', mfaToken: result.data.mfa_token });
      return;
    }
    await finish();
  }

  async function submitCode(form: HTMLFormElement, mfaToken: string) {
    const code = String(new FormData(form).get('code') ?? '').replace(/\s+/g, '');
    const parsed = MfaLoginSchema.safeParse({ mfa_token: mfaToken, code });
    if (!parsed.success)
      return fail({ code: 'Enter the 6-digit code from your app, or a recovery code' }, null);
    const result = await apiRequest('/api/auth/mfa/login', {
      method: 'POST',
      body: parsed.data,
      refreshOnUnauthorized: false,
    });
    if (!result.ok) {
      if (result.status === 401 && result.problem.type?.endsWith('invalid-mfa-token')) {
        // The 5-minute ticket of the password step expired: start again.
        setStep({ kind: 'credentials' });
        return fail({}, result.message);
      }
      if (result.status === 401) return fail({ code: result.message }, null);
      return fail(result.fieldErrors, result.message);
    }
    await finish();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setMessage(null);
    const form = event.currentTarget;
    if (step.kind === 'credentials') await submitCredentials(form);
    else await submitCode(form, step.mfaToken);
  }

  if (step.kind === 'mfa') {
    return (
      <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4" aria-describedby="mfa-intro">
        <p id="mfa-intro" className="text-muted-foreground text-sm">
          Your account has two-factor authentication. Enter the code from your authenticator app.
        </p>
        {message ? <Alert variant="error">{message}</Alert> : null}
        <Field label="Authentication code" error={errors.code} hint="6 digits, or one of your recovery codes">
          <Input
            name="code"
            autoComplete="one-time-code"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={20}
            required
            autoFocus
          />
        </Field>
        <Button type="submit" pending={pending} className="w-full">
          {pending ? 'Verifying…' : 'Verify'}
        </Button>
        <Button
          variant="link"
          className="justify-self-center"
          onClick={() => {
            setStep({ kind: 'credentials' });
            setErrors({});
            setMessage(null);
          }}
        >
          Use another account
        </Button>
      </form>
    );
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Field label="Email" error={errors.email}>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={defaultEmail}
          required
        />
      </Field>
      <Field label="Password" error={errors.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {forgotPasswordHref ? (
        <a
          href={forgotPasswordHref}
          className="-mt-2 justify-self-end text-primary text-sm underline-offset-4 hover:underline"
        >
          Forgot your password?
        </a>
      ) : null}
      <Button type="submit" pending={pending} className="w-full">
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-muted-foreground text-sm">
        New to Comptoir?{' '}
        <a href={signUp} className="font-medium text-primary underline-offset-4 hover:underline">
          Create an account
        </a>
      </p>
    </form>
  );
}
