import { ListSkeleton } from '../_components/skeletons';

/** Shown while the recurring invoices load. */
export default function Loading() {
  return <ListSkeleton rows={4} />;
}
