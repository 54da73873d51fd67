'use client';
/**
 * @module auth/sign-up-form
 * Creating an account from the browser, with a new tenant or by accepting an invitation.
 */
import { SignupSchema } from '@comptoir/contracts/auth';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Alert } from '../components/alert.js';
import { Button } from '../components/button.js';
import { Field } from '../components/field.js';
import { Input, NativeSelect } from '../components/input.js';
import { apiRequest } from '../lib/api-client.js';
import { focusFirstInvalid } from '../lib/forms.js';
import { browserTimeZone, COMMON_CURRENCIES, currencies, timeZones } from '../lib/locale-options.js';
import { type FieldErrors, fieldErrorsOfIssues } from '../lib/problem.js';
import { safeNext } from '../lib/redirect.js';

/** An invitation the new account accepts (from `POST /api/auth/invitations/preview`). */
export interface SignUpInvitation {
  token: string;
  email: string;
  tenantName: string;
}

/** Props of {@link SignUpForm}. */
export interface SignUpFormProps {
  /** The platform's public URL: `next` may point at any of its subdomains. */
  publicBaseUrl: string;
  /** Where to go once signed up (`?next=`), when safe; default `/`. */
  next?: string | null;
  /** Link to the sign-in page (default `/sign-in`, keeping `next`). */
  signInHref?: string;
  /** Join this invitation's tenant instead of creating one: the e-mail is fixed, no company fields. */
  invitation?: SignUpInvitation;
}

const DEFAULT_TIME_ZONE = 'Europe/Paris';

/**
 * Sign-up form posting to `/api/auth/signup`: name, e-mail, password (≥ 10 characters) and,
 * unless joining by invitation, the company name, time zone (the browser's by default) and
 * currency. On 201 the API has set the session cookies; the form navigates to the safe `next`.
 * Validation uses the contracts' `SignupSchema` first, then the problem's `errors` pointers
 * (e.g. "Already registered" on `#/email`).
 *
 * Accessible names: "Your name", "Email", "Password", "Company name", "Time zone", "Currency";
 * button "Create account".
 */
export function SignUpForm({ publicBaseUrl, next, signInHref, invitation }: SignUpFormProps) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [zones, setZones] = useState<string[]>([DEFAULT_TIME_ZONE]);
  const [zone, setZone] = useState(DEFAULT_TIME_ZONE);
  const [currencyList, setCurrencyList] = useState<string[]>(COMMON_CURRENCIES);
  const formRef = useRef<HTMLFormElement>(null);
  const signIn = signInHref ?? (next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in');

  // The lists and the browser's zone exist only in the browser; the server renders the defaults.
  useEffect(() => {
    const all = timeZones();
    const mine = browserTimeZone();
    setZones(all.includes(DEFAULT_TIME_ZONE) ? all : [DEFAULT_TIME_ZONE, ...all]);
    if (mine && all.includes(mine)) setZone(mine);
    setCurrencyList(currencies());
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? '');
    const input = invitation
      ? {
          name: text('name'),
          email: invitation.email,
          password: text('password'),
          invitation_token: invitation.token,
        }
      : {
          name: text('name'),
          email: text('email'),
          password: text('password'),
          tenant_name: text('tenant_name'),
          time_zone: text('time_zone') || DEFAULT_TIME_ZONE,
          currency: text('currency') || 'EUR',
        };
    const parsed = SignupSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      setMessage(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest('/api/auth/signup', {
      method: 'POST',
      body: parsed.data,
      refreshOnUnauthorized: false,
    });
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      setPending(false);
      focusFirstInvalid(formRef.current);
      return;
    }
    window.location.assign(safeNext(next, publicBaseUrl, '/'));
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {invitation ? (
        <Alert variant="info" title={`You are joining ${invitation.tenantName}`}>
          Create your account for {invitation.email} to accept the invitation.
        </Alert>
      ) : null}
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Field label="Your name" error={errors.name}>
        <Input name="name" autoComplete="name" required maxLength={200} />
      </Field>
      <Field label="Email" error={errors.email}>
        <Input
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          {...(invitation ? { value: invitation.email, readOnly: true } : {})}
        />
      </Field>
      <Field
        label="Password"
        error={errors.password}
        hint="At least 10 characters. A few words you will remember work well."
      >
        <Input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={200}
          required
        />
      </Field>
      {invitation ? null : (
        <>
          <Field label="Company name" error={errors.tenant_name}>
            <Input name="tenant_name" autoComplete="organization" required maxLength={200} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field label="Time zone" error={errors.time_zone}>
              <NativeSelect name="time_zone" value={zone} onChange={(e) => setZone(e.target.value)}>
                {zones.map((z) => (
                  <option key={z} value={z}>
                    {z.replace(/_/g, ' ')}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Currency" error={errors.currency}>
              <NativeSelect name="currency" defaultValue="EUR">
                {currencyList.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
        </>
      )}
      <Button type="submit" pending={pending} className="w-full">
        {pending ? 'Creating your account…' : 'Create account'}
      </Button>
      <p className="text-center text-muted-foreground text-sm">
        Already have an account?{' '}
        <a href={signIn} className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </a>
      </p>
    </form>
  );
}
