import { ListSkeleton } from '../_components/skeletons';

/** Shown while the tasks load. */
export default function Loading() {
  return <ListSkeleton rows={6} />;
}
