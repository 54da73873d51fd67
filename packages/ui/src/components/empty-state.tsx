/**
 * @module empty-state
 * What a list shows when it has nothing yet: what goes here and how to add the first one.
 */
import type { ReactNode } from 'react';
import { cn } from '../lib/cn.js';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  /** Short heading, e.g. "No contacts yet". */
  title: string;
  /** One sentence on what will appear here. */
  description?: ReactNode;
  /** Decorative icon (hidden from screen readers). */
  icon?: ReactNode;
  /** The call to action, e.g. a "New contact" button. */
  action?: ReactNode;
  /** Level of the heading (default 2; 3 inside a section that has its own `h2`). */
  headingLevel?: 2 | 3;
  className?: string;
}

/** A centred, dashed-border panel with a heading, a sentence and an action. */
export function EmptyState({
  title,
  description,
  icon,
  action,
  headingLevel = 2,
  className,
}: EmptyStateProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h2';
  return (
    <div
      className={cn(
        'flex flex-col items-center justify-center gap-2 rounded-xl border border-dashed px-6 py-12 text-center',
        className,
      )}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className="mb-1 rounded-full bg-muted p-3 text-muted-foreground [&_svg]:size-6"
        >
          {icon}
        </div>
      ) : null}
      <Heading className="font-semibold text-base">{title}</Heading>
      {description ? <p className="max-w-sm text-muted-foreground text-sm">{description}</p> : null}
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
