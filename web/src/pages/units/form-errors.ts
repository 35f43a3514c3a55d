import type { FormInstance } from 'antd';
import { ApiError } from '../../api';

/**
 * Puts a refused command's field errors on the form's fields (server names mapped to form names);
 * answers the errors that belong to no field, for the message above the form.
 */
export function showFieldErrors(
  form: FormInstance,
  error: unknown,
  fieldOf: Readonly<Record<string, string>>,
): readonly { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  const rest: { field: string; message: string }[] = [];
  for (const e of error.fieldErrors) {
    const name = fieldOf[e.field];
    if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
    else rest.push(e);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
