// Form pieces of the continuity administration: a labelled field that shows the server's refusal
// beside itself when the refusal names it, and the form-level alert for every other refusal.
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorAlert } from '../components/common';
import { fieldMessage } from './continuityAdmin';

/** The refusal of one field, read out at once. */
export function FieldMessage({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

/** The form's refusal when it names none of the fields shown beside their inputs. */
export function FormError({ error, fields }: { error: unknown; fields: string[] }) {
  if (!error || fieldMessage(error, ...fields)) return null;
  return <ErrorAlert error={error} detail />;
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** The request field(s) whose refusal is shown here. */
  field: string | string[];
  error: unknown;
  hint?: ReactNode;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'number';
  /** The keyboard to offer (e.g. url, email) for a text field. */
  inputMode?: 'url' | 'email';
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  className?: string;
}

/** An input (or textarea) with its label, hint and the server's refusal of it. */
export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, field, error, hint, multiline, rows = 3, type = 'text', inputMode, required, maxLength, min, max, className } = props;
  const fields = Array.isArray(field) ? field : [field];
  const message = fieldMessage(error, ...fields);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    ref,
    value,
    required,
    maxLength,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className={`field${message ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} min={min} max={max} inputMode={type === 'number' ? 'numeric' : inputMode} spellCheck={inputMode ? false : undefined} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldMessage id={`${id}-error`} message={message} />
    </div>
  );
}
