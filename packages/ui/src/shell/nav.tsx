'use client';
/**
 * @module shell/nav
 * Navigation between the sections of the current app: a bar from the `md` breakpoint, a sheet
 * opened by a menu button on phones.
 */
import { Menu } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { Button } from '../components/button.js';
import { DialogTitle, Sheet, SheetContent, SheetTrigger } from '../components/dialog.js';
import { cn } from '../lib/cn.js';
import type { ShellNavItem } from './types.js';

const isActive = (pathname: string, item: ShellNavItem) =>
  item.exact || item.href === '/'
    ? pathname === item.href
    : pathname === item.href || pathname.startsWith(`${item.href}/`);

/** Props of {@link SectionNav} and {@link MobileNav}. */
export interface SectionNavProps {
  /** Name of the navigation landmark, e.g. "CRM". */
  label: string;
  items: readonly ShellNavItem[];
  className?: string;
}

/** A `<nav>` of links; the current section has `aria-current="page"`. */
export function SectionNav({
  label,
  items,
  className,
  onNavigate,
  vertical = false,
}: SectionNavProps & {
  onNavigate?: () => void;
  vertical?: boolean;
}) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={className}>
      <ul className={cn('flex gap-1', vertical ? 'flex-col' : 'items-center')}>
        {items.map((item) => {
          const active = isActive(pathname, item);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'flex items-center rounded-md px-3 py-2 font-medium text-sm transition-colors hover:bg-accent hover:text-accent-foreground',
                  active ? 'bg-accent text-accent-foreground' : 'text-muted-foreground',
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** A menu button ("Open navigation") opening the sections in a sheet; hidden from `md` up. */
export function MobileNav({ label, items, className }: SectionNavProps) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon-sm" className={className} aria-label="Open navigation">
          <Menu aria-hidden="true" />
        </Button>
      </SheetTrigger>
      <SheetContent side="left" aria-describedby={undefined}>
        <DialogTitle>{label}</DialogTitle>
        <SectionNav label={label} items={items} vertical onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
