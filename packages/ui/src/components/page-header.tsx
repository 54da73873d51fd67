/**
 * @module page-header
 * The heading block of a signed-in page.
 */
import type { ReactNode } from 'react';
import { cn } from '../lib/cn.js';

/** Props of {@link PageHeader}. */
export interface PageHeaderProps {
  /** The page's `h1`. */
  title: ReactNode;
  /** One sentence under the title. */
  description?: ReactNode;
  /** Buttons on the right (under the title on phones). */
  actions?: ReactNode;
  /** Above the title: a back link or breadcrumbs. */
  eyebrow?: ReactNode;
  className?: string;
}

/**
 * `h1`, one sentence, and optional actions.
 *
 * @example <PageHeader title="Contacts" description="The people you work with." actions={<NewContactDialog />} />
 */
export function PageHeader({ title, description, actions, eyebrow, className }: PageHeaderProps) {
  return (
    <div className={cn('flex flex-wrap items-end justify-between gap-4', className)}>
      <div className="grid min-w-0 gap-1">
        {eyebrow ? <div className="text-muted-foreground text-sm">{eyebrow}</div> : null}
        <h1 className="break-words font-semibold text-2xl tracking-tight">{title}</h1>
        {description ? <p className="text-muted-foreground text-sm">{description}</p> : null}
      </div>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
