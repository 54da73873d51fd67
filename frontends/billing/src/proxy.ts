/**
 * @module proxy
 * Next.js 16 request proxy: refreshes the session before pages render, and sends signed-out
 * visitors to `/sign-in?next=<path>` (see `@comptoir/ui/proxy`). Not run for the sign-in and
 * sign-up pages, `/api`, Next's assets and static files.
 */
import { createSessionProxy } from '@comptoir/ui/proxy';
import { env } from './env';

export const proxy = createSessionProxy({
  authInternalUrl: env.AUTH_INTERNAL_URL,
  publicBaseUrl: env.PUBLIC_BASE_URL,
});

export const config = {
  matcher: ['/((?!api/|api$|_next/|sign-in|sign-up|favicon\\.ico|.*\\.[A-Za-z0-9]+$).*)'],
};
