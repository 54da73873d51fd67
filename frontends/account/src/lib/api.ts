import 'server-only';
/**
 * @module lib/api
 * The account app's server-side API client (the auth API over the internal network, with the
 * caller's access token) and the session of the current request.
 */
import { createServerApi, createSessionReader } from '@comptoir/ui/server';
import { env } from '@/env';

/** The auth API (`AUTH_INTERNAL_URL`), as the signed-in user (or `anonymous` for public routes). */
export const authApi = createServerApi(env.AUTH_INTERNAL_URL);

/** The session of the current request: `getMe()` (null when signed out), `requireMe()` (redirects). */
export const { getMe, requireMe } = createSessionReader(env.AUTH_INTERNAL_URL);
