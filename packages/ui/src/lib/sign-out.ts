/**
 * @module sign-out
 * Ending the browser's session.
 */

/**
 * Revokes the session (`POST /api/auth/logout`; the API clears the cookies of the whole platform
 * domain) and goes to `/sign-in`, even when the request fails (the cookies expire anyway).
 */
export async function signOut(redirectTo = '/sign-in'): Promise<void> {
  try {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } catch {
    // Offline: still leave the signed-in pages.
  }
  window.location.assign(redirectTo);
}
