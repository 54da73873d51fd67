import { ListSkeleton } from '../_components/skeletons';

/** Shown while the customer list loads. */
export default function Loading() {
  return <ListSkeleton />;
}
