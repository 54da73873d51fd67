/**
 * @module card
 * A bordered surface grouping related content: header (title, description), content, footer.
 */
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

/** The card surface. */
export function Card({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div className={cn('rounded-xl border bg-card text-card-foreground shadow-xs', className)} {...props} />
  );
}

/** Top of a card: title, description and optional actions. */
export function CardHeader({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('flex flex-col gap-1.5 p-5 pb-0 sm:p-6 sm:pb-0', className)} {...props} />;
}

/** Title of a card; a heading (`h2` by default, change with `as`). */
export function CardTitle({
  className,
  as: Heading = 'h2',
  ...props
}: ComponentProps<'h2'> & { as?: 'h1' | 'h2' | 'h3' }) {
  return <Heading className={cn('font-semibold text-lg leading-tight', className)} {...props} />;
}

/** Secondary text under a card title. */
export function CardDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cn('text-muted-foreground text-sm', className)} {...props} />;
}

/** Body of a card. */
export function CardContent({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('p-5 sm:p-6', className)} {...props} />;
}

/** Bottom of a card, usually its actions. */
export function CardFooter({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div
      className={cn('flex flex-wrap items-center gap-2 border-t px-5 py-4 sm:px-6', className)}
      {...props}
    />
  );
}
