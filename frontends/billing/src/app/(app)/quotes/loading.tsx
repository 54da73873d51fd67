import { ListSkeleton } from '../_components/skeletons';

/** Shown while the quote list loads. */
export default function Loading() {
  return <ListSkeleton />;
}
