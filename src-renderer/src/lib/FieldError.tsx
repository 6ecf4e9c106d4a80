import type { ReactElement } from 'react';

/** What is wrong with the field just before it, under it in a `.form` grid (nothing when fine). */
export function FieldError({ id, error }: { id: string; error: string | undefined }): ReactElement | null {
  if (!error) return null;
  return (
    <span className="field-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
      {error}
    </span>
  );
}

/** Props that tie an input to its FieldError for assistive technology and styling. */
export function invalidProps(id: string, error: string | undefined): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}
