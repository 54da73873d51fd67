import 'server-only';

/**
 * @module server
 * Server-side helpers of the web apps (server components only): the internal API client that
 * forwards the caller's token, and the session reader. `@comptoir/ui/proxy` holds the session
 * refresh of `proxy.ts`.
 */
export {
  ApiError,
  accessToken,
  createServerApi,
  currentPath,
  type ServerApi,
  type ServerRequestOptions,
  signInPath,
} from './api.js';
export { ACCESS_COOKIE, PATH_HEADER, REFRESH_COOKIE } from './cookies.js';
export { can, createSessionReader, type SessionReader } from './session.js';
