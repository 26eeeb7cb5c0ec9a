import type { HTMLInputTypeAttribute } from 'react';

/** A server error shown under the control it names. */
export function InlineError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {message}
    </p>
  );
}

/** The ARIA attributes of a control with an optional hint and error below it. */
export function describedBy(id: string, hint: boolean, error: string | null) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** A labelled text, number or multi-line input with its hint and server error. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error = null,
  hint,
  required = false,
  multiline = false,
  rows = 3,
  type = 'text',
  min,
  step,
  className,
  mono = false,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string | null;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  /** Lines of a multi-line input. */
  rows?: number;
  type?: HTMLInputTypeAttribute;
  min?: number;
  step?: number | 'any';
  className?: string;
  mono?: boolean;
}) {
  const aria = describedBy(id, !!hint, error);
  const classes = ['field', error ? 'field-invalid' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <div className={classes}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} value={value} onChange={(e) => onChange(e.target.value)} required={required} rows={rows} {...aria} />
      ) : (
        <input
          id={id}
          type={type}
          className={mono ? 'mono' : undefined}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          min={min}
          step={step}
          autoComplete="off"
          spellCheck={mono ? false : undefined}
          {...aria}
        />
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <InlineError id={`${id}-error`} message={error} />
    </div>
  );
}
