import { DetailSkeleton } from '../../_components/skeletons';

/** Shown while the batch loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
