'use client';
/**
 * @module theme-toggle
 * A menu button choosing light, dark or system theme.
 */
import { Monitor, Moon, Sun } from 'lucide-react';
import { useTheme } from 'next-themes';
import { useEffect, useState } from 'react';
import { Button } from '../components/button.js';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from '../components/dropdown-menu.js';

/** The themes offered, in menu order. */
export const THEME_OPTIONS = [
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
  { value: 'system', label: 'System', icon: Monitor },
] as const;

/**
 * An icon button named "Theme" opening a radio menu (Light, Dark, System). The icon follows the
 * applied theme through CSS, so server and client render the same markup.
 */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser; until then no radio item is checked.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label="Theme">
          <Sun aria-hidden="true" className="dark:hidden" />
          <Moon aria-hidden="true" className="hidden dark:block" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-36">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <ThemeRadioGroup value={mounted ? theme : undefined} onChange={setTheme} />
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The Light/Dark/System radio items, for use inside another menu (e.g. the user menu). */
export function ThemeRadioGroup({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (theme: string) => void;
}) {
  return (
    <DropdownMenuRadioGroup value={value ?? ''} onValueChange={onChange}>
      {THEME_OPTIONS.map(({ value: v, label, icon: Icon }) => (
        <DropdownMenuRadioItem key={v} value={v}>
          <Icon aria-hidden="true" />
          {label}
        </DropdownMenuRadioItem>
      ))}
    </DropdownMenuRadioGroup>
  );
}
