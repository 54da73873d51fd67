import { ListSkeleton } from '../_components/skeletons';

/** Shown while the pairs load. */
export default function Loading() {
  return <ListSkeleton rows={5} />;
}
