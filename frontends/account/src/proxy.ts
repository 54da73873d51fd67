/**
 * @module proxy
 * Next.js 16 request proxy: refreshes the session before pages render, and sends signed-out
 * visitors of the signed-in pages to `/sign-in?next=<path>` (see `@comptoir/ui/proxy`).
 * Not run for the pages e-mail links open without a session (sign-in, sign-up, password reset,
 * e-mail confirmation), `/api`, Next's assets and static files; `/invite` and `/dev/mailbox`
 * render signed in or out.
 */
import { createSessionProxy } from '@comptoir/ui/proxy';
import { env } from './env';

export const proxy = createSessionProxy({
  authInternalUrl: env.AUTH_INTERNAL_URL,
  publicBaseUrl: env.PUBLIC_BASE_URL,
  publicPaths: ['/invite', '/dev/', '/dev'],
});

export const config = {
  matcher: [
    '/((?!api/|api$|_next/|sign-in|sign-up|forgot-password|reset-password|verify-email|favicon\\.ico|.*\\.[A-Za-z0-9]+$).*)',
  ],
};
