import { FormSkeleton } from '../_components/skeletons';

/** Shown while the import page loads. */
export default function Loading() {
  return <FormSkeleton />;
}
