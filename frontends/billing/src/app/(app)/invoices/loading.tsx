import { ListSkeleton } from '../_components/skeletons';

/** Shown while the invoice list loads. */
export default function Loading() {
  return <ListSkeleton cards />;
}
