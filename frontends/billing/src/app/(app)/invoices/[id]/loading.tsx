import { DetailSkeleton } from '../../_components/skeletons';

/** Shown while the invoice loads. */
export default function Loading() {
  return <DetailSkeleton />;
}
