import { DetailSkeleton } from '../../_components/skeletons';

/** Shown while the customer loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
