'use client';
/**
 * @module mfa-section
 * Two-factor authentication (TOTP, RFC 6238): enrol an authenticator app (QR code drawn in the
 * browser with `qrcode`, plus the secret to type), confirm with a 6-digit code, show the recovery
 * codes once; replace the recovery codes; turn it off.
 */
import { MfaCodeSchema } from '@comptoir/contracts/auth';
import { Alert, apiRequest, Badge, Button, Field, focusFirstInvalid, Input } from '@comptoir/ui';
import { Check, Copy, Download, ShieldCheck } from 'lucide-react';
import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useRef, useState } from 'react';

interface Enrollment {
  factor_id: string;
  secret: string;
  otpauth_url: string;
}

type Stage =
  | { kind: 'idle' }
  | { kind: 'enrolling'; enrollment: Enrollment }
  | { kind: 'codes'; codes: string[]; title: string };

/** "ABCD EFGH …": a base32 secret in groups of four, easier to type. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/** Validates a code with the contracts' `MfaCodeSchema` (6 digits or a recovery code). */
function parseCode(form: HTMLFormElement): { code: string } | { error: string } {
  const parsed = MfaCodeSchema.safeParse({
    code: String(new FormData(form).get('code') ?? '').replace(/\s+/g, ''),
  });
  return parsed.success
    ? parsed.data
    : { error: parsed.error.issues[0]?.message ?? 'Enter the 6-digit code' };
}

/**
 * Off: "Set up two-factor authentication" starts enrolment (`POST /api/auth/mfa/totp/enroll`),
 * shows the QR code (alt text says what it is) and the secret with "Copy", then "6-digit code" and
 * "Turn on" (`POST /api/auth/mfa/totp/verify`), then the recovery codes with "Copy" and "Download".
 * On: "Replace recovery codes" and "Turn off" (both need a current code; turning off signs out
 * every session, so the page goes to sign-in).
 */
export function MfaSection({ enabled }: { enabled: boolean }) {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  if (stage.kind === 'codes') {
    return (
      <RecoveryCodes
        title={stage.title}
        codes={stage.codes}
        onDone={() => {
          setStage({ kind: 'idle' });
          router.refresh();
        }}
      />
    );
  }
  if (stage.kind === 'enrolling') {
    return (
      <EnrollForm
        enrollment={stage.enrollment}
        onCancel={() => setStage({ kind: 'idle' })}
        onEnabled={(codes) => setStage({ kind: 'codes', codes, title: 'Two-factor authentication is on' })}
      />
    );
  }
  if (enabled) {
    return <ManageMfa onCodes={(codes) => setStage({ kind: 'codes', codes, title: 'New recovery codes' })} />;
  }
  return (
    <div className="grid gap-4">
      <p className="flex items-center gap-2 text-sm">
        <Badge variant="secondary">Off</Badge>
        Your account is protected by your password only.
      </p>
      {message ? <Alert variant="error">{message}</Alert> : null}
      <div>
        <Button
          pending={pending}
          onClick={async () => {
            setPending(true);
            setMessage(null);
            const result = await apiRequest<Enrollment>('/api/auth/mfa/totp/enroll', { method: 'POST' });
            setPending(false);
            if (!result.ok) {
              setMessage(result.message);
              return;
            }
            setStage({ kind: 'enrolling', enrollment: result.data });
          }}
        >
          <ShieldCheck aria-hidden="true" />
          {pending ? 'Starting…' : 'Set up two-factor authentication'}
        </Button>
      </div>
    </div>
  );
}

/** Scan or type the secret, then confirm with a code. */
function EnrollForm({
  enrollment,
  onCancel,
  onEnabled,
}: {
  enrollment: Enrollment;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const [qr, setQr] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    let live = true;
    QRCode.toDataURL(enrollment.otpauth_url, { margin: 1, width: 192, errorCorrectionLevel: 'M' })
      .then((url) => live && setQr(url))
      .catch(() => live && setQr(null));
    return () => {
      live = false;
    };
  }, [enrollment.otpauth_url]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const parsed = parseCode(event.currentTarget);
    if ('error' in parsed) {
      setError(parsed.error);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<{ recovery_codes: string[] }>('/api/auth/mfa/totp/verify', {
      method: 'POST',
      body: parsed,
    });
    setPending(false);
    if (!result.ok) {
      setError(result.status === 422 ? result.message : undefined);
      if (result.status !== 422) setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    onEnabled(result.data.recovery_codes);
  }

  return (
    <div className="grid gap-5">
      <ol className="grid list-decimal gap-5 pl-5 text-sm marker:text-muted-foreground">
        <li>
          <div className="grid gap-3">
            <p>Scan this QR code with an authenticator app (Google Authenticator, 1Password, Aegis…).</p>
            <div className="flex size-[13rem] items-center justify-center rounded-lg border bg-white p-2">
              {qr ? (
                <img
                  src={qr}
                  width={192}
                  height={192}
                  alt="QR code to add Comptoir to your authenticator app"
                />
              ) : (
                <span className="text-neutral-500 text-xs">Drawing the QR code…</span>
              )}
            </div>
            <div className="grid gap-1">
              <p className="text-muted-foreground">Or type this key in the app:</p>
              <div className="flex flex-wrap items-center gap-2">
                <code className="rounded-md bg-muted px-2 py-1 font-mono text-sm tracking-wider">
                  {grouped(enrollment.secret)}
                </code>
                <Button
                  variant="outline"
                  size="sm"
                  onClick={async () => {
                    try {
                      await navigator.clipboard.writeText(enrollment.secret);
                      setCopied(true);
                    } catch {
                      setCopied(false);
                    }
                  }}
                >
                  {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              </div>
            </div>
          </div>
        </li>
        <li>
          <form ref={formRef} onSubmit={onSubmit} noValidate className="grid max-w-xs gap-3">
            <p>Enter the 6-digit code the app shows.</p>
            {message ? <Alert variant="error">{message}</Alert> : null}
            <Field label="6-digit code" error={error}>
              <Input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
              />
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" pending={pending}>
                {pending ? 'Checking…' : 'Turn on'}
              </Button>
              <Button variant="ghost" onClick={onCancel} disabled={pending}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

/** On: replace the recovery codes, or turn two-factor authentication off. */
function ManageMfa({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const [action, setAction] = useState<'none' | 'codes' | 'disable'>('none');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [message, setMessage] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || action === 'none') return;
    const parsed = parseCode(event.currentTarget);
    if ('error' in parsed) {
      setError(parsed.error);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    setError(undefined);
    if (action === 'codes') {
      const result = await apiRequest<{ recovery_codes: string[] }>('/api/auth/mfa/recovery-codes', {
        method: 'POST',
        body: parsed,
      });
      setPending(false);
      if (!result.ok) {
        setError(result.status === 422 ? result.message : undefined);
        if (result.status !== 422) setMessage(result.message);
        focusFirstInvalid(formRef.current);
        return;
      }
      onCodes(result.data.recovery_codes);
      return;
    }
    const result = await apiRequest('/api/auth/mfa/totp/disable', { method: 'POST', body: parsed });
    if (!result.ok) {
      setPending(false);
      setError(result.status === 422 ? result.message : undefined);
      if (result.status !== 422) setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    // Every session was signed out, this one included.
    window.location.assign('/sign-in?next=%2Fsettings%2Fsecurity');
  }

  return (
    <div className="grid gap-4">
      <p className="flex items-center gap-2 text-sm">
        <Badge variant="success">On</Badge>
        Signing in asks for a code from your authenticator app.
      </p>
      {action === 'none' ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="outline" onClick={() => setAction('codes')}>
            Replace recovery codes
          </Button>
          <Button variant="outline" onClick={() => setAction('disable')}>
            Turn off
          </Button>
        </div>
      ) : (
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid max-w-sm gap-3">
          <p className="text-sm">
            {action === 'codes'
              ? 'Your current recovery codes will stop working. Enter a code from your app to continue.'
              : 'Turning it off signs you out everywhere. Enter a code from your app (or a recovery code) to continue.'}
          </p>
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Authentication code" error={error}>
            <Input
              name="code"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={20}
              required
            />
          </Field>
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              variant={action === 'disable' ? 'destructive' : 'primary'}
              pending={pending}
            >
              {action === 'codes'
                ? pending
                  ? 'Replacing…'
                  : 'Replace recovery codes'
                : pending
                  ? 'Turning off…'
                  : 'Turn off two-factor authentication'}
            </Button>
            <Button
              variant="ghost"
              disabled={pending}
              onClick={() => {
                setAction('none');
                setError(undefined);
                setMessage(null);
              }}
            >
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

/** The recovery codes, shown once, with copy and download. */
function RecoveryCodes({ title, codes, onDone }: { title: string; codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Comptoir recovery codes (each works once)\n\n${codes.join('\n')}\n`;
  return (
    <div className="grid gap-4">
      <Alert variant="success" title={title} role="status">
        Save these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They will
        not be shown again.
      </Alert>
      <ul
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-lg border bg-muted/40 p-4 font-mono text-sm sm:grid-cols-5"
      >
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button
          variant="outline"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(text);
              setCopied(true);
            } catch {
              setCopied(false);
            }
          }}
        >
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? 'Copied' : 'Copy codes'}
        </Button>
        <Button variant="outline" asChild>
          <a
            href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
            download="comptoir-recovery-codes.txt"
          >
            <Download aria-hidden="true" />
            Download
          </a>
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}
