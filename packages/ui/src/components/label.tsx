/**
 * @module label
 * Form labels (Radix Label: a `<label>` that does not select text on double click).
 */
import { Label as LabelPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

/** A `<label>`; give it `htmlFor` the control's id (or use {@link Field}, which does it). */
export function Label({ className, ...props }: ComponentProps<typeof LabelPrimitive.Root>) {
  return (
    <LabelPrimitive.Root
      className={cn('font-medium text-sm leading-none peer-disabled:opacity-60', className)}
      {...props}
    />
  );
}
