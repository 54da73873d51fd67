import 'server-only';
/**
 * @module lib/api
 * The CRM app's server-side API clients: the CRM API and the session (auth API's `/me`), both
 * over the internal network with the caller's access token.
 */
import { createServerApi, createSessionReader } from '@comptoir/ui/server';
import { env } from '@/env';

/** The CRM API (`CRM_INTERNAL_URL`), as the signed-in user. */
export const crmApi = createServerApi(env.CRM_INTERNAL_URL);

/** The session of the current request: `getMe()` (null when signed out), `requireMe()` (redirects). */
export const { getMe, requireMe } = createSessionReader(env.AUTH_INTERNAL_URL);
