/**
 * @module field
 * A labelled form control with its hint and error, wired for assistive technologies.
 */
import { CircleAlert } from 'lucide-react';
import { cloneElement, isValidElement, type ReactElement, type ReactNode, useId } from 'react';
import { cn } from '../lib/cn.js';
import { Label } from './label.js';

/** Props a {@link Field} sets on its control. */
interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
  'aria-required'?: boolean;
}

/** Props of {@link Field}. */
export interface FieldProps {
  /** Visible label text; becomes the control's accessible name. */
  label: ReactNode;
  /** The control: one element accepting `id` and ARIA props (Input, Textarea, NativeSelect, …). */
  children: ReactElement<ControlProps>;
  /** Help shown under the control (e.g. "At least 10 characters"). */
  hint?: ReactNode;
  /** Error of this field; marks the control `aria-invalid` and is read with it. */
  error?: string | undefined;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  className?: string;
}

/**
 * Renders `<label>`, the control, its hint and its error. The control gets an `id` (its own if it
 * has one), `aria-describedby` pointing at the hint and error, and `aria-invalid` when in error,
 * so screen readers announce the error with the field.
 *
 * @example
 * <Field label="Email" error={errors.email}>
 *   <Input name="email" type="email" autoComplete="email" required />
 * </Field>
 */
export function Field({ label, children, hint, error, optional, className }: FieldProps) {
  const generated = useId();
  const controlId = (isValidElement(children) && children.props.id) || `field-${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy =
    [children.props['aria-describedby'], hintId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cn('grid content-start gap-1.5', className)}>
      <Label htmlFor={controlId}>
        {label}
        {optional ? <span className="font-normal text-muted-foreground"> (optional)</span> : null}
      </Label>
      {cloneElement(children, {
        id: controlId,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
      })}
      {hint ? (
        <p id={hintId} className="text-muted-foreground text-xs">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="flex items-start gap-1 text-destructive text-xs">
          <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
