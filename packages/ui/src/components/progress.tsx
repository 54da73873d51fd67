/**
 * @module progress
 * A determinate progress bar (an import's rows done out of the total), or an indeterminate one
 * while the total is unknown.
 */
import { cn } from '../lib/cn.js';

/** Props of {@link Progress}. */
export interface ProgressProps {
  /** Done so far; undefined or null for an indeterminate bar. */
  value?: number | null | undefined;
  /** The total (default 100). */
  max?: number;
  /** Accessible name, e.g. "Import progress". */
  label: string;
  /** Text read instead of the number, e.g. "1 200 of 5 000 rows". */
  valueText?: string;
  className?: string;
}

/**
 * `role="progressbar"` with `aria-valuenow`/`aria-valuemax` (and `aria-valuetext` when given).
 *
 * @example <Progress label="Import progress" value={rowsDone} max={total} valueText={`${rowsDone} of ${total} rows`} />
 */
export function Progress({ value, max = 100, label, valueText, className }: ProgressProps) {
  const known = typeof value === 'number' && Number.isFinite(value) && max > 0;
  const percent = known ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? max : undefined}
      aria-valuenow={known ? value : undefined}
      aria-valuetext={valueText}
      className={cn('relative h-2.5 w-full overflow-hidden rounded-full bg-muted', className)}
    >
      <div
        className={cn(
          'h-full rounded-full bg-primary transition-[width] duration-300',
          known ? null : 'w-1/3 animate-pulse',
        )}
        style={known ? { width: `${percent}%` } : undefined}
      />
    </div>
  );
}
