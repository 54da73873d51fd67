/**
 * @module alert
 * Messages about the page or a form: errors, warnings, confirmations, information.
 */
import { cva, type VariantProps } from 'class-variance-authority';
import { CircleAlert, CircleCheck, Info, TriangleAlert, X } from 'lucide-react';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from '../lib/cn.js';

const alertVariants = cva(
  'relative flex gap-3 rounded-lg border p-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0',
  {
    variants: {
      variant: {
        info: 'border-border bg-muted/50 text-foreground [&>svg]:text-muted-foreground',
        success: 'border-success/40 bg-success/10 text-foreground [&>svg]:text-success',
        warning: 'border-warning/40 bg-warning/10 text-foreground [&>svg]:text-warning',
        error: 'border-destructive/40 bg-destructive/10 text-foreground [&>svg]:text-destructive',
      },
    },
    defaultVariants: { variant: 'info' },
  },
);

const icons = { info: Info, success: CircleCheck, warning: TriangleAlert, error: CircleAlert };

/** Props of {@link Alert}. */
export interface AlertProps extends Omit<ComponentProps<'div'>, 'title'>, VariantProps<typeof alertVariants> {
  title?: ReactNode;
}

/**
 * A static message box. `error` alerts get `role="alert"` (read at once when they appear); the
 * others are plain content. For transient confirmations use {@link InlineStatus}.
 */
export function Alert({ className, variant = 'info', title, children, role, ...props }: AlertProps) {
  const Icon = icons[variant ?? 'info'];
  return (
    <div
      role={role ?? (variant === 'error' ? 'alert' : undefined)}
      className={cn(alertVariants({ variant }), className)}
      {...props}
    >
      <Icon aria-hidden="true" />
      <div className="grid gap-1">
        {title ? <p className="font-medium leading-tight">{title}</p> : null}
        {children ? (
          <div className={cn('[&_a]:underline', title ? 'text-muted-foreground' : 'text-foreground')}>
            {children}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** Props of {@link InlineStatus}. */
export interface InlineStatusProps {
  /** The message; nothing is rendered (but the live region stays) when empty. */
  message?: string | null | undefined;
  tone?: 'success' | 'error' | 'info';
  /** Shows a close button calling this. */
  onDismiss?: () => void;
  className?: string;
}

/**
 * A toast-like status line next to the action that caused it ("Saved", "Invitation sent").
 * It is a polite live region that stays in the DOM, so screen readers announce each new message
 * without moving focus; errors use an assertive region.
 */
export function InlineStatus({ message, tone = 'success', onDismiss, className }: InlineStatusProps) {
  const Icon = tone === 'error' ? CircleAlert : tone === 'info' ? Info : CircleCheck;
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
      className={cn('min-h-0', className)}
    >
      {message ? (
        <div
          className={cn(
            'inline-flex animate-in items-center gap-2 rounded-md border px-3 py-1.5 text-sm shadow-xs',
            tone === 'success' && 'border-success/40 bg-success/10',
            tone === 'error' && 'border-destructive/40 bg-destructive/10',
            tone === 'info' && 'bg-muted',
          )}
        >
          <Icon
            aria-hidden="true"
            className={cn(
              'size-4 shrink-0',
              tone === 'success' && 'text-success',
              tone === 'error' && 'text-destructive',
            )}
          />
          <span>{message}</span>
          {onDismiss ? (
            <button
              type="button"
              onClick={onDismiss}
              className="-mr-1 rounded p-0.5 text-muted-foreground hover:text-foreground"
              aria-label="Dismiss"
            >
              <X aria-hidden="true" className="size-3.5" />
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
