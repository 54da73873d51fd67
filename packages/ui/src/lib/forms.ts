/**
 * @module forms
 * Small helpers shared by the platform's client-side forms.
 */

/** The string values of a form's named fields (checkbox groups give their checked values as an array). */
export function formValues(form: HTMLFormElement): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const data = new FormData(form);
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
    const control = form.elements.namedItem(key);
    const many =
      control instanceof RadioNodeList &&
      control[0] instanceof HTMLInputElement &&
      control[0].type === 'checkbox';
    out[key] = many ? all : (all[0] ?? '');
  }
  return out;
}

/**
 * Moves focus to the first invalid control of a form (after React has rendered the errors), so
 * keyboard and screen-reader users land on what needs fixing.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  if (!form) return;
  requestAnimationFrame(() => {
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"]');
    target?.focus();
  });
}
