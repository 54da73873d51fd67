import { ListSkeleton } from '../../_components/skeletons';

/** Shown while the unpaid invoices load. */
export default function Loading() {
  return <ListSkeleton rows={6} />;
}
