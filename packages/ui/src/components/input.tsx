/**
 * @module input
 * Text inputs, text areas, native selects and checkboxes with the platform's look. Native
 * controls keep the browser's accessibility, autofill and mobile keyboards.
 */
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

const control =
  'w-full min-w-0 rounded-md border border-input bg-background px-3 text-base shadow-xs transition-colors placeholder:text-muted-foreground focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40 disabled:cursor-not-allowed disabled:opacity-60 read-only:bg-muted aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive/40 sm:text-sm';

/**
 * A single-line text input. Put it in a {@link Field} to get its label and error wired up;
 * set `autoComplete` (`email`, `current-password`, `new-password`, `one-time-code`, …).
 */
export function Input({ className, type = 'text', ...props }: ComponentProps<'input'>) {
  return <input type={type} className={cn(control, 'h-10 py-2', className)} {...props} />;
}

/** A multi-line text input. */
export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={cn(control, 'min-h-20 py-2', className)} {...props} />;
}

/** A native `<select>`: accessible, and the phone's own picker on mobile. */
export function NativeSelect({ className, ...props }: ComponentProps<'select'>) {
  return <select className={cn(control, 'h-10 appearance-auto py-2 pr-8', className)} {...props} />;
}

/** A native checkbox; pair it with a `<label>` (see {@link CheckboxField}). */
export function Checkbox({ className, ...props }: ComponentProps<'input'>) {
  return (
    <input
      type="checkbox"
      className={cn('size-4 shrink-0 rounded border-input accent-primary disabled:opacity-60', className)}
      {...props}
    />
  );
}

/** Props of {@link CheckboxField}. */
export interface CheckboxFieldProps extends Omit<ComponentProps<'input'>, 'type'> {
  label: React.ReactNode;
  /** Secondary text under the label. */
  description?: React.ReactNode;
}

/** A checkbox with its clickable label (and optional description) beside it. */
export function CheckboxField({ label, description, className, id, ...props }: CheckboxFieldProps) {
  return (
    <label className={cn('flex cursor-pointer items-start gap-2 text-sm', className)} htmlFor={id}>
      <Checkbox id={id} className="mt-0.5" {...props} />
      <span className="grid gap-0.5">
        <span className="font-medium leading-none">{label}</span>
        {description ? <span className="text-muted-foreground text-xs">{description}</span> : null}
      </span>
    </label>
  );
}
