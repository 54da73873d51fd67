import { DetailSkeleton } from '../../_components/skeletons';

/** Shown while the page loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
