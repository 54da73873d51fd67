'use client';
/**
 * @module verify-email
 * Confirms the address as soon as the page opens (`POST /api/auth/verify-email/confirm`): a POST
 * from the page's script, so link scanners that merely fetch the URL consume nothing.
 */
import { Alert, apiRequest, Button } from '@comptoir/ui';
import { LoaderCircle } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

type State = { kind: 'pending' } | { kind: 'done' } | { kind: 'failed'; message: string };

/** Shows "Confirming…", then the outcome with a link onwards. */
export function VerifyEmail({ token }: { token: string }) {
  const [state, setState] = useState<State>({ kind: 'pending' });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // a token works once: never post it twice
    started.current = true;
    void apiRequest('/api/auth/verify-email/confirm', {
      method: 'POST',
      body: { token },
      refreshOnUnauthorized: false,
    }).then((result) => setState(result.ok ? { kind: 'done' } : { kind: 'failed', message: result.message }));
  }, [token]);

  if (state.kind === 'pending') {
    return (
      <p role="status" className="flex items-center gap-2 text-muted-foreground text-sm">
        <LoaderCircle aria-hidden="true" className="size-4 animate-spin" />
        Confirming your address…
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div className="grid gap-4">
        <Alert variant="error" title="We could not confirm your address">
          {state.message} Signed in, you can ask for a new link from your home page.
        </Alert>
        <Button asChild variant="outline">
          <a href="/">Go to your home page</a>
        </Button>
      </div>
    );
  }
  return (
    <div className="grid gap-4">
      <Alert variant="success" title="Your e-mail address is confirmed" role="status">
        Thank you. Nothing else to do.
      </Alert>
      <Button asChild>
        <a href="/">Continue</a>
      </Button>
    </div>
  );
}
