'use client';
/**
 * @module dialog
 * Modal dialogs and sheets (side panels) on Radix Dialog: focus is trapped inside and returns to
 * the trigger on close, Escape closes, the page behind is hidden from assistive technologies.
 */
import { X } from 'lucide-react';
import { Dialog as DialogPrimitive } from 'radix-ui';
import type { ComponentProps } from 'react';
import { cn } from '../lib/cn.js';

/** Root of a dialog; control it with `open`/`onOpenChange` or let the trigger do it. */
export const Dialog = DialogPrimitive.Root;
/** The element opening the dialog; use `asChild` with a {@link Button}. */
export const DialogTrigger = DialogPrimitive.Trigger;
/** An element closing the dialog; use `asChild` with a {@link Button}. */
export const DialogClose = DialogPrimitive.Close;

function Overlay({ className, ...props }: ComponentProps<typeof DialogPrimitive.Overlay>) {
  return (
    <DialogPrimitive.Overlay
      className={cn('fixed inset-0 z-50 bg-black/50 data-[state=open]:animate-in', className)}
      {...props}
    />
  );
}

function CloseButton() {
  return (
    <DialogPrimitive.Close
      className="absolute top-3 right-3 rounded-md p-1.5 text-muted-foreground hover:bg-accent hover:text-foreground"
      aria-label="Close"
    >
      <X aria-hidden="true" className="size-4" />
    </DialogPrimitive.Close>
  );
}

/** Props of {@link DialogContent}. */
export interface DialogContentProps extends ComponentProps<typeof DialogPrimitive.Content> {
  /** Show the ✕ close button (default true). */
  showClose?: boolean;
}

/**
 * The dialog panel, centred (full width on phones). It must contain a {@link DialogTitle};
 * add a {@link DialogDescription} or pass `aria-describedby={undefined}`.
 */
export function DialogContent({ className, children, showClose = true, ...props }: DialogContentProps) {
  return (
    <DialogPrimitive.Portal>
      <Overlay />
      <DialogPrimitive.Content
        className={cn(
          'fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto rounded-xl border bg-popover p-5 text-popover-foreground shadow-lg data-[state=open]:animate-in sm:p-6',
          className,
        )}
        {...props}
      >
        {children}
        {showClose ? <CloseButton /> : null}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** Props of {@link SheetContent}. */
export interface SheetContentProps extends ComponentProps<typeof DialogPrimitive.Content> {
  /** Edge the sheet slides from (default right). */
  side?: 'left' | 'right';
}

/** A dialog sliding in from the side, full height: navigation on phones, side forms. */
export function SheetContent({ className, children, side = 'right', ...props }: SheetContentProps) {
  return (
    <DialogPrimitive.Portal>
      <Overlay />
      <DialogPrimitive.Content
        className={cn(
          'fixed inset-y-0 z-50 flex w-[min(22rem,calc(100%-3rem))] flex-col gap-4 overflow-y-auto border bg-popover p-5 text-popover-foreground shadow-lg',
          side === 'right'
            ? 'right-0 animate-slide-in-right border-l'
            : 'left-0 animate-slide-in-left border-r',
          className,
        )}
        {...props}
      >
        {children}
        <CloseButton />
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** Root of a sheet (same API as {@link Dialog}). */
export const Sheet = DialogPrimitive.Root;
/** Opens a sheet. */
export const SheetTrigger = DialogPrimitive.Trigger;

/** Header block of a dialog or sheet (title and description). */
export function DialogHeader({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cn('grid gap-1.5 pr-8', className)} {...props} />;
}

/** Footer of a dialog: actions, stacked on phones, right-aligned otherwise. */
export function DialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)} {...props} />
  );
}

/** The dialog's accessible name (required). */
export function DialogTitle({ className, ...props }: ComponentProps<typeof DialogPrimitive.Title>) {
  return (
    <DialogPrimitive.Title className={cn('font-semibold text-lg leading-tight', className)} {...props} />
  );
}

/** The dialog's accessible description. */
export function DialogDescription({
  className,
  ...props
}: ComponentProps<typeof DialogPrimitive.Description>) {
  return (
    <DialogPrimitive.Description className={cn('text-muted-foreground text-sm', className)} {...props} />
  );
}
