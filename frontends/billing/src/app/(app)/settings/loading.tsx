import { FormSkeleton } from '../_components/skeletons';

/** Shown while the settings load. */
export default function Loading() {
  return <FormSkeleton />;
}
