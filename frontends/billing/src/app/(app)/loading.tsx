import { LoadingState } from '@comptoir/ui';

/** Shown while a signed-in page loads. */
export default function Loading() {
  return <LoadingState rows={5} />;
}
