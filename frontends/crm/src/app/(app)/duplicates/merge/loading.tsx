import { FormSkeleton } from '../../_components/skeletons';

/** Shown while the comparison loads. */
export default function Loading() {
  return <FormSkeleton />;
}
