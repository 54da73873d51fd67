import { ListSkeleton } from '../_components/skeletons';

/** Shown while the batches load. */
export default function Loading() {
  return <ListSkeleton rows={5} />;
}
