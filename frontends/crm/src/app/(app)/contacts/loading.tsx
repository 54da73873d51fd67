import { ListSkeleton } from '../_components/skeletons';

/** Shown while the list loads. */
export default function Loading() {
  return <ListSkeleton />;
}
