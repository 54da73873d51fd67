import { DetailSkeleton } from '../../_components/skeletons';

/** Shown while the quote loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
