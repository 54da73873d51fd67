'use client';
/**
 * @module shell/user-menu
 * The signed-in user's menu: who, settings, theme, sign out.
 */
import { LogOut, Settings, ShieldCheck } from 'lucide-react';
import { useTheme } from 'next-themes';
import { useEffect, useState } from 'react';
import { Button } from '../components/button.js';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '../components/dropdown-menu.js';
import { initialsOf } from '../lib/initials.js';
import { signOut } from '../lib/sign-out.js';
import { ThemeRadioGroup } from '../theme/theme-toggle.js';
import type { ShellUser } from './types.js';

/** Props of {@link UserMenu}. */
export interface UserMenuProps {
  user: ShellUser;
  /** Absolute URL of the account app (settings live there). */
  accountUrl: string;
}

/**
 * A button named "Account menu for <name>" (initials avatar; the name is visible from the `sm`
 * breakpoint) opening a menu with the name and e-mail, links to Settings and Security in the
 * account app, the theme choice and "Sign out" (`POST /api/auth/logout`, then `/sign-in`).
 */
export function UserMenu({ user, accountUrl }: UserMenuProps) {
  const { theme, setTheme } = useTheme();
  const [mounted, setMounted] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  useEffect(() => setMounted(true), []);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="gap-2 px-1.5 sm:px-2"
          aria-label={`Account menu for ${user.name}`}
        >
          <span
            aria-hidden="true"
            className="flex size-7 items-center justify-center rounded-full bg-primary/15 font-semibold text-primary text-xs"
          >
            {initialsOf(user.name)}
          </span>
          <span className="hidden max-w-[10rem] truncate lg:inline">{user.name}</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="w-64">
        <DropdownMenuLabel className="grid gap-0.5 font-normal">
          <span className="truncate font-medium text-foreground text-sm">{user.name}</span>
          <span className="truncate text-muted-foreground text-xs">{user.email}</span>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <a href={`${accountUrl}/settings`}>
            <Settings aria-hidden="true" />
            Settings
          </a>
        </DropdownMenuItem>
        <DropdownMenuItem asChild>
          <a href={`${accountUrl}/settings/security`}>
            <ShieldCheck aria-hidden="true" />
            Security
          </a>
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <ThemeRadioGroup value={mounted ? theme : undefined} onChange={setTheme} />
        <DropdownMenuSeparator />
        <DropdownMenuItem
          disabled={signingOut}
          onSelect={(event) => {
            event.preventDefault();
            setSigningOut(true);
            void signOut();
          }}
        >
          <LogOut aria-hidden="true" />
          {signingOut ? 'Signing out…' : 'Sign out'}
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
