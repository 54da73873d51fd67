'use client';
/**
 * @module shell/tenant-switcher
 * The menu choosing which tenant (company) the session acts for.
 */
import { Building2, ChevronsUpDown } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { InlineStatus } from '../components/alert.js';
import { Badge } from '../components/badge.js';
import { Button } from '../components/button.js';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuTrigger,
} from '../components/dropdown-menu.js';
import { apiRequest } from '../lib/api-client.js';
import type { ShellTenant } from './types.js';

/** Props of {@link TenantSwitcher}. */
export interface TenantSwitcherProps {
  current: ShellTenant;
  tenants: readonly ShellTenant[];
}

/**
 * A button named "Switch tenant (current: <name>)" opening a radio menu of the user's tenants.
 * Choosing one calls `POST /api/auth/tenants/switch` (the API sets the new session cookies) and
 * re-renders the page for that tenant; a failure shows as a dismissible status.
 */
export function TenantSwitcher({ current, tenants }: TenantSwitcherProps) {
  const router = useRouter();
  const [switching, setSwitching] = useState(false);
  const [refreshing, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const busy = switching || refreshing;

  async function switchTo(tenantId: string) {
    if (tenantId === current.id || busy) return;
    setError(null);
    setSwitching(true);
    const result = await apiRequest('/api/auth/tenants/switch', {
      method: 'POST',
      body: { tenant_id: tenantId },
    });
    setSwitching(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    startTransition(() => router.refresh());
  }

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button
            variant="outline"
            size="sm"
            pending={busy}
            className="min-w-0 max-w-[9rem] shrink gap-1.5 sm:max-w-[16rem]"
            aria-label={`Switch tenant (current: ${current.name})`}
          >
            {busy ? null : <Building2 aria-hidden="true" />}
            <span className="truncate">{current.name}</span>
            <ChevronsUpDown aria-hidden="true" className="text-muted-foreground" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent className="w-64">
          <DropdownMenuLabel>Your tenants</DropdownMenuLabel>
          <DropdownMenuRadioGroup value={current.id} onValueChange={switchTo}>
            {tenants.map((t) => (
              <DropdownMenuRadioItem key={t.id} value={t.id}>
                <span className="min-w-0 flex-1 truncate">{t.name}</span>
                {t.role ? (
                  <Badge variant="secondary" className="text-[0.65rem]">
                    {t.role.toLowerCase()}
                  </Badge>
                ) : null}
              </DropdownMenuRadioItem>
            ))}
          </DropdownMenuRadioGroup>
        </DropdownMenuContent>
      </DropdownMenu>
      <InlineStatus
        tone="error"
        message={error}
        onDismiss={() => setError(null)}
        className="fixed right-4 bottom-4 z-50 max-w-[calc(100vw-2rem)]"
      />
    </>
  );
}
