import { BoardSkeleton } from '../_components/skeletons';

/** Shown while the board loads. */
export default function Loading() {
  return <BoardSkeleton />;
}
