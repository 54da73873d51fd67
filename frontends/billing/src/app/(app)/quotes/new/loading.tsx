import { EditorSkeleton } from '../../_components/skeletons';

/** Shown while the editor loads. */
export default function Loading() {
  return <EditorSkeleton />;
}
