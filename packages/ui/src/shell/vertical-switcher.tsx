'use client';
/**
 * @module shell/vertical-switcher
 * The menu moving between Comptoir's apps (CRM, Billing, …, Settings).
 */
import { ChevronDown, LayoutGrid } from 'lucide-react';
import { Badge } from '../components/badge.js';
import { Button } from '../components/button.js';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '../components/dropdown-menu.js';
import type { ShellAppLink } from './types.js';

/** Props of {@link VerticalSwitcher}. */
export interface VerticalSwitcherProps {
  /** Key of the app showing the switcher ('crm', 'account', …). */
  current: string;
  /** Name of the current app, shown on the button. */
  currentName: string;
  /** The verticals, available ones as links, the others disabled "coming soon". */
  apps: readonly ShellAppLink[];
  /** The account app's settings entry, listed last as "Settings". */
  settings: ShellAppLink;
}

/**
 * A button named "Switch app (current: <name>)" opening a menu of links. Each available app is a
 * menu item link named after the app ("CRM", "Settings"); unavailable ones are disabled items
 * named "<name> (coming soon)".
 */
export function VerticalSwitcher({ current, currentName, apps, settings }: VerticalSwitcherProps) {
  const entry = (app: ShellAppLink) => {
    const descriptionId = `app-${app.key}-description`;
    const body = (
      <>
        <span className="grid min-w-0 flex-1 gap-0.5">
          <span className="flex items-center gap-2 font-medium">
            {app.name}
            {app.available ? null : <Badge variant="secondary">Coming soon</Badge>}
          </span>
          <span id={descriptionId} className="truncate text-muted-foreground text-xs">
            {app.description}
          </span>
        </span>
      </>
    );
    if (!app.available || !app.href) {
      return (
        <DropdownMenuItem
          key={app.key}
          disabled
          aria-label={`${app.name} (coming soon)`}
          aria-describedby={descriptionId}
        >
          {body}
        </DropdownMenuItem>
      );
    }
    return (
      <DropdownMenuItem key={app.key} asChild>
        <a
          href={app.href}
          aria-label={app.name}
          aria-describedby={descriptionId}
          aria-current={app.key === current ? 'page' : undefined}
          className="data-[current]:bg-accent/60"
          data-current={app.key === current ? '' : undefined}
        >
          {body}
        </a>
      </DropdownMenuItem>
    );
  };

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="gap-1.5 px-2"
          aria-label={`Switch app (current: ${currentName})`}
        >
          <LayoutGrid aria-hidden="true" />
          <span className="max-w-[6rem] truncate font-semibold text-sm sm:max-w-none">{currentName}</span>
          <ChevronDown aria-hidden="true" className="text-muted-foreground" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel>Apps</DropdownMenuLabel>
        {apps.map(entry)}
        <DropdownMenuSeparator />
        {entry(settings)}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
