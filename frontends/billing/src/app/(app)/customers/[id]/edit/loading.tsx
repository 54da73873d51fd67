import { FormSkeleton } from '../../../_components/skeletons';

/** Shown while the form loads. */
export default function Loading() {
  return <FormSkeleton />;
}
