'use client';
/**
 * @module popover
 * Non-modal panels anchored to a button (Radix Popover): filters, column choice. Escape and a
 * click outside close them; focus returns to the button.
 */
import { Popover as PopoverPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

/** Root of a popover; `open`/`onOpenChange` to control it. */
export const Popover = PopoverPrimitive.Root;
/** The button opening it; use `asChild` with a {@link Button}. */
export const PopoverTrigger = PopoverPrimitive.Trigger;
/** An element closing it; use `asChild`. */
export const PopoverClose = PopoverPrimitive.Close;

/** The panel (portalled, aligned to the trigger, never wider than the screen). */
export function PopoverContent({
  className,
  sideOffset = 6,
  align = 'start',
  ...props
}: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        collisionPadding={8}
        className={cn(
          'z-50 max-h-[var(--radix-popover-content-available-height)] w-80 max-w-[calc(100vw-1rem)] overflow-y-auto rounded-lg border bg-popover p-4 text-popover-foreground shadow-md outline-none data-[state=open]:animate-in',
          className,
        )}
        {...props}
      />
    </PopoverPrimitive.Portal>
  );
}
