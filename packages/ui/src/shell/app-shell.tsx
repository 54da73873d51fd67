/**
 * @module shell/app-shell
 * The frame of every signed-in page: skip link, header (app switcher, sections, tenant switcher,
 * theme, user menu) and the main landmark.
 */
import { parsePublicOrigin, subdomainUrl, VERTICALS } from '@comptoir/routing';
import type { ReactNode } from 'react';
import { ThemeToggle } from '../theme/theme-toggle.js';
import { MobileNav, SectionNav } from './nav.js';
import { TenantSwitcher } from './tenant-switcher.js';
import type { ShellAppLink, ShellNavItem, ShellTenant, ShellUser } from './types.js';
import { UserMenu } from './user-menu.js';
import { VerticalSwitcher } from './vertical-switcher.js';

/** Props of {@link AppShell}. */
export interface AppShellProps {
  /** Key of this app: a vertical key from `@comptoir/routing` ('crm') or 'account'. */
  app: string;
  /** Name of this app, shown in the switcher ('CRM', 'Account'). */
  appName: string;
  /** The platform's public URL (`PUBLIC_BASE_URL`): app links are its subdomains. */
  publicBaseUrl: string;
  user: ShellUser;
  /** The tenant the session acts for. */
  tenant: ShellTenant;
  /** Every tenant of the user (for the tenant switcher). */
  tenants: readonly ShellTenant[];
  /** Sections of this app (navigation bar, a sheet on phones). */
  nav?: readonly ShellNavItem[];
  children: ReactNode;
}

/** The vertical switcher's entries for a public base URL: every vertical, then the account app. */
export function shellApps(publicBaseUrl: string): {
  apps: ShellAppLink[];
  settings: ShellAppLink;
  accountUrl: string;
} {
  const origin = parsePublicOrigin(publicBaseUrl);
  const accountUrl = subdomainUrl(origin, 'account');
  return {
    apps: VERTICALS.map((v) => ({
      key: v.key,
      name: v.name,
      description: v.description,
      available: v.available,
      href: v.available ? subdomainUrl(origin, v.key) : undefined,
    })),
    settings: {
      key: 'account',
      name: 'Settings',
      description: 'Company, members, API keys and security',
      available: true,
      href: `${accountUrl}/settings`,
    },
    accountUrl,
  };
}

/**
 * Renders the page frame around `children` (which go in `<main id="main">`). A "Skip to content"
 * link is the first focusable element. On phones the sections move into a sheet, the user's name
 * into the avatar menu, the theme choice into the user menu.
 *
 * Accessible names: app switcher "Switch app (current: <appName>)", tenant switcher
 * "Switch tenant (current: <tenant>)", user menu "Account menu for <user name>", theme "Theme",
 * sections navigation landmark named after the app.
 *
 * @example
 * <AppShell app="crm" appName="CRM" publicBaseUrl={env.PUBLIC_BASE_URL} user={me.user}
 *   tenant={me.tenant} tenants={me.tenants} nav={[{ href: '/', label: 'Contacts' }]}>
 *   {children}
 * </AppShell>
 */
export function AppShell({
  app,
  appName,
  publicBaseUrl,
  user,
  tenant,
  tenants,
  nav,
  children,
}: AppShellProps) {
  const { apps, settings, accountUrl } = shellApps(publicBaseUrl);
  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-[60] rounded-md bg-primary px-3 py-2 font-medium text-primary-foreground text-sm focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b bg-background/90 backdrop-blur supports-[backdrop-filter]:bg-background/75">
        <div className="mx-auto flex h-14 w-full max-w-7xl items-center gap-1 px-2 sm:gap-2 sm:px-4">
          {nav && nav.length > 0 ? <MobileNav label={appName} items={nav} className="md:hidden" /> : null}
          <a
            href={`${accountUrl}/`}
            className="flex shrink-0 items-center gap-2 rounded-md px-1 font-semibold text-base tracking-tight"
          >
            <span
              aria-hidden="true"
              className="flex size-7 items-center justify-center rounded-md bg-primary font-bold text-primary-foreground text-sm"
            >
              C
            </span>
            <span className="sr-only sm:not-sr-only">Comptoir</span>
          </a>
          <span aria-hidden="true" className="hidden text-muted-foreground sm:inline">
            /
          </span>
          <VerticalSwitcher current={app} currentName={appName} apps={apps} settings={settings} />
          {nav && nav.length > 0 ? (
            <SectionNav label={appName} items={nav} className="ml-2 hidden md:block" />
          ) : null}
          <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2">
            <TenantSwitcher current={tenant} tenants={tenants.length > 0 ? tenants : [tenant]} />
            <div className="hidden sm:block">
              <ThemeToggle />
            </div>
            <UserMenu user={user} accountUrl={accountUrl} />
          </div>
        </div>
      </header>
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 outline-none sm:px-6 sm:py-8"
      >
        {children}
      </main>
    </div>
  );
}
