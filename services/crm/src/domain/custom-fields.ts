/**
 * @module domain/custom-fields
 * Validation of a record's custom values against the tenant's definitions, field by field (the
 * database trigger `private.validate_custom_fields` enforces the same rules as a safety net).
 */
import type { CustomValues } from '@comptoir/contracts/crm/common';
import type { ProblemError } from '@comptoir/contracts/problem';

/** The parts of a definition validation needs. */
export interface CustomFieldDefinition {
  key: string;
  label: string;
  type: string;
  options: string[];
  required: boolean;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Errors of `values` (pointers `#/custom/<key>`).
 *
 * @param partial true for an update: required fields absent from `values` are not checked.
 */
export function customFieldErrors(
  values: CustomValues,
  definitions: readonly CustomFieldDefinition[],
  partial = false,
): ProblemError[] {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const errors: ProblemError[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    const pointer = `#/custom/${key}`;
    if (!def) {
      errors.push({ pointer, detail: 'No custom field has this key' });
      continue;
    }
    if (value === null) {
      if (def.required) errors.push({ pointer, detail: `${def.label} is required` });
      continue;
    }
    const ok =
      (def.type === 'text' && typeof value === 'string') ||
      (def.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
      (def.type === 'date' &&
        typeof value === 'string' &&
        ISO_DATE.test(value) &&
        !Number.isNaN(Date.parse(value))) ||
      (def.type === 'select' && typeof value === 'string' && def.options.includes(value));
    if (!ok) {
      errors.push({
        pointer,
        detail:
          def.type === 'select'
            ? `Choose one of: ${def.options.join(', ')}`
            : def.type === 'date'
              ? 'Use a date such as 2026-11-21'
              : `Must be a ${def.type}`,
      });
    }
  }
  if (!partial) {
    for (const def of definitions) {
      if (
        def.required &&
        (values[def.key] === undefined || values[def.key] === null) &&
        !errors.some((e) => e.pointer === `#/custom/${def.key}`)
      ) {
        errors.push({ pointer: `#/custom/${def.key}`, detail: `${def.label} is required` });
      }
    }
  }
  return errors;
}
