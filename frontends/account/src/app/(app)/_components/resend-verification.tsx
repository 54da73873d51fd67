'use client';
/**
 * @module resend-verification
 * "Send the link again" for an unconfirmed e-mail address (`POST /api/auth/verify-email/send`).
 */
import { apiRequest, Button, InlineStatus } from '@comptoir/ui';
import { useState } from 'react';

/** A small button and the outcome as a status line. */
export function ResendVerification() {
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        variant="outline"
        size="sm"
        pending={pending}
        onClick={async () => {
          setPending(true);
          setStatus(null);
          const result = await apiRequest('/api/auth/verify-email/send', { method: 'POST' });
          setPending(false);
          setStatus(
            result.ok
              ? { tone: 'success', text: 'Sent. Check your inbox.' }
              : { tone: 'error', text: result.message },
          );
        }}
      >
        {pending ? 'Sending…' : 'Send the link again'}
      </Button>
      <InlineStatus tone={status?.tone} message={status?.text} />
    </span>
  );
}
