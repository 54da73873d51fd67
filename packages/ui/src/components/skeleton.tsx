/**
 * @module skeleton
 * Placeholders shown while content loads.
 */
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

/** A pulsing block; hidden from assistive technologies (announce loading with text instead). */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return <div aria-hidden="true" className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />;
}

/** Props of {@link LoadingState}. */
export interface LoadingStateProps {
  /** Read by screen readers; default "Loading…". */
  label?: string;
  /** Number of placeholder rows; default 3. */
  rows?: number;
  className?: string;
}

/** A few skeleton rows with a polite "Loading…" status for screen readers (use in `loading.tsx`). */
export function LoadingState({ label = 'Loading…', rows = 3, className }: LoadingStateProps) {
  return (
    <div className={cn('grid gap-3', className)}>
      <span role="status" className="sr-only">
        {label}
      </span>
      <Skeleton className="h-8 w-48" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} className="h-12 w-full" />
      ))}
    </div>
  );
}
