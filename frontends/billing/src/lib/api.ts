import 'server-only';
/**
 * @module lib/api
 * The billing app's server-side API clients: the billing API and the auth API (the session's
 * `/me`), both over the internal network with the caller's access token; and `load`, which
 * turns a failed call into a value a page can show in plain words.
 */
import {
  ApiError,
  createServerApi,
  createSessionReader,
  type ServerApi,
  signInPath,
} from '@comptoir/ui/server';
import { notFound, redirect } from 'next/navigation';
import { env } from '@/env';

/** The billing API (`BILLING_INTERNAL_URL`), as the signed-in user. */
export const billingApi = createServerApi(env.BILLING_INTERNAL_URL);

/** The session of the current request: `getMe()` (null when signed out), `requireMe()` (redirects). */
export const { getMe, requireMe } = createSessionReader(env.AUTH_INTERNAL_URL);

/** What a page got from an API: the data, or the failure in plain words. */
export type Loaded<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

/** Query parameters of a call; empty values are left out. */
type Query = Record<string, string | number | undefined | null>;

/**
 * Calls the billing API (or `api`) and returns the outcome as a value. A 401 sends the browser
 * to the sign-in page; with `notFoundOn404` a 404 renders the app's not-found page (an id of
 * another tenant is a 404 too).
 *
 * @example const invoices = await load<InvoicePage>('/invoices', { status: 'unpaid', limit: 25 });
 */
export async function load<T>(
  path: string,
  query?: Query,
  options: { api?: ServerApi; notFoundOn404?: boolean } = {},
): Promise<Loaded<T>> {
  try {
    return { ok: true, data: await (options.api ?? billingApi).request<T>(path, query ? { query } : {}) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) redirect(await signInPath());
    if (error.status === 404 && options.notFoundOn404) notFound();
    return { ok: false, status: error.status, message: error.message };
  }
}
