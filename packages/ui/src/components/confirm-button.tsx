'use client';
/**
 * @module confirm-button
 * A button asking for confirmation in a dialog before a destructive or irreversible call.
 */
import { type ReactNode, useState } from 'react';
import { Alert } from './alert.js';
import { Button, type ButtonProps } from './button.js';
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from './dialog.js';

/** Props of {@link ConfirmButton}. */
export interface ConfirmButtonProps {
  /** The button's content (and accessible name unless `aria-label` is given). */
  children: ReactNode;
  'aria-label'?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  className?: string;
  disabled?: boolean;
  /** Dialog heading, e.g. "Delete 3 contacts?". */
  title: string;
  description: ReactNode;
  /** Label of the confirming button, e.g. "Delete". */
  confirmLabel: string;
  /** Label while it runs, e.g. "Deleting…". */
  pendingLabel: string;
  /** Style of the confirming button (default destructive). */
  confirmVariant?: ButtonProps['variant'];
  /**
   * Runs on confirmation; return an error message to keep the dialog open and show it, or
   * nothing to close it.
   */
  onConfirm: () => Promise<string | null | undefined>;
}

/**
 * The button, its confirmation dialog (an `alertdialog`), and the error if the call fails.
 *
 * @example
 * <ConfirmButton title="Delete Élodie Martin?" description="It goes to the trash." confirmLabel="Delete"
 *   pendingLabel="Deleting…" onConfirm={remove}>Delete</ConfirmButton>
 */
export function ConfirmButton({
  children,
  variant = 'outline',
  size = 'sm',
  className,
  disabled,
  title,
  description,
  confirmLabel,
  pendingLabel,
  confirmVariant = 'destructive',
  onConfirm,
  ...rest
}: ConfirmButtonProps) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button
          variant={variant}
          size={size}
          className={className}
          disabled={disabled}
          aria-label={rest['aria-label']}
        >
          {children}
        </Button>
      </DialogTrigger>
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {error ? <Alert variant="error">{error}</Alert> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            variant={confirmVariant}
            pending={pending}
            onClick={async () => {
              setPending(true);
              setError(null);
              const failure = await onConfirm();
              setPending(false);
              if (failure) setError(failure);
              else setOpen(false);
            }}
          >
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
