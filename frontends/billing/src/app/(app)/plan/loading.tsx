import { DetailSkeleton } from '../_components/skeletons';

/** Shown while the plan loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
