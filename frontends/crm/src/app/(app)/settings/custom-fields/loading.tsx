import { FormSkeleton } from '../../_components/skeletons';

/** Shown while the fields load. */
export default function Loading() {
  return <FormSkeleton />;
}
