/**
 * @module skeletons
 * Placeholders of billing's pages while they load (used by each route's `loading.tsx`).
 */
import { Skeleton } from '@comptoir/ui';

function Loading() {
  return (
    <span role="status" className="sr-only">
      Loading…
    </span>
  );
}

/** A list page: header, optional summary cards, tabs and rows. */
export function ListSkeleton({ rows = 8, cards = false }: { rows?: number; cards?: boolean }) {
  return (
    <div className="grid gap-6">
      <Loading />
      <div className="flex items-end justify-between gap-4">
        <div className="grid gap-2">
          <Skeleton className="h-8 w-40" />
          <Skeleton className="h-4 w-64" />
        </div>
        <Skeleton className="h-10 w-32" />
      </div>
      {cards ? (
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-24 w-full rounded-xl" />
          ))}
        </div>
      ) : null}
      <div className="flex gap-2">
        <Skeleton className="h-10 flex-1" />
        <Skeleton className="h-10 w-24" />
      </div>
      <div className="grid gap-px overflow-hidden rounded-xl border">
        {Array.from({ length: rows }, (_, i) => (
          <Skeleton key={i} className="h-12 w-full rounded-none" />
        ))}
      </div>
    </div>
  );
}

/** A record page: header, main panels and side panels. */
export function DetailSkeleton() {
  return (
    <div className="grid gap-6">
      <Loading />
      <div className="grid gap-2">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-8 w-64" />
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="grid gap-6 lg:col-span-2">
          <Skeleton className="h-72 w-full rounded-xl" />
          <Skeleton className="h-48 w-full rounded-xl" />
        </div>
        <div className="grid content-start gap-6">
          <Skeleton className="h-40 w-full rounded-xl" />
          <Skeleton className="h-56 w-full rounded-xl" />
        </div>
      </div>
    </div>
  );
}

/** A form page. */
export function FormSkeleton() {
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <Loading />
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-64 w-full rounded-xl" />
      <Skeleton className="h-40 w-full rounded-xl" />
    </div>
  );
}

/** The invoice editor: customer, lines and totals. */
export function EditorSkeleton() {
  return (
    <div className="grid gap-6">
      <Loading />
      <Skeleton className="h-8 w-56" />
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-64 w-full rounded-xl" />
      <div className="flex justify-end">
        <Skeleton className="h-40 w-full max-w-sm rounded-xl" />
      </div>
    </div>
  );
}
