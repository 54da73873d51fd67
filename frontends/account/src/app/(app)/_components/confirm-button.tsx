'use client';
/**
 * @module confirm-button
 * A button asking for confirmation in a dialog before a destructive or irreversible call.
 */
import {
  Alert,
  Button,
  type ButtonProps,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@comptoir/ui';
import { type ReactNode, useState } from 'react';

/** Props of {@link ConfirmButton}. */
export interface ConfirmButtonProps {
  /** The button's content (and accessible name unless `aria-label` is given). */
  children: ReactNode;
  'aria-label'?: string;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  /** Dialog heading, e.g. "Remove Bob?". */
  title: string;
  description: ReactNode;
  /** Label of the confirming button, e.g. "Remove". */
  confirmLabel: string;
  /** Label while it runs, e.g. "Removing…". */
  pendingLabel: string;
  /**
   * Runs on confirmation; return an error message to keep the dialog open and show it, or
   * nothing to close it.
   */
  onConfirm: () => Promise<string | null | undefined>;
}

/** The button, its confirmation dialog (focus on "Cancel" first), and the error if the call fails. */
export function ConfirmButton({
  children,
  variant = 'outline',
  size = 'sm',
  title,
  description,
  confirmLabel,
  pendingLabel,
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
        <Button variant={variant} size={size} aria-label={rest['aria-label']}>
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
            variant="destructive"
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
