/**
 * @module shell/types
 * Data the app shell needs, a subset of `GET /me` so any app can pass its `Me` as is.
 */

/** The signed-in user. */
export interface ShellUser {
  name: string;
  email: string;
}

/** A tenant of the user. */
export interface ShellTenant {
  id: string;
  name: string;
  /** The user's role there (OWNER, ADMIN, …). */
  role?: string;
}

/** A section of the current app, in its navigation. */
export interface ShellNavItem {
  href: string;
  label: string;
  /** Active only on this exact path (default: also on sub-paths). */
  exact?: boolean;
}

/** An entry of the vertical switcher. */
export interface ShellAppLink {
  key: string;
  name: string;
  description: string;
  /** Absolute URL of the app; undefined when not available yet. */
  href: string | undefined;
  available: boolean;
}
