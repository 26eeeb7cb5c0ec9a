// Form fields of the admin kit that show the server's refusal beside themselves when the refusal
// names them (see field-errors.ts), and the form-level alert for every other refusal.
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorAlert } from '../../components/common';
import { fieldMessage } from './field-errors';

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

/** The refusal of these request field(s), the element ids that describe the input, and its wrapper class. */
function useFieldState(id: string, field: string | string[] | undefined, error: unknown, hasHint: boolean, className = 'field') {
  const fields = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const message = fieldMessage(error, ...fields);
  const describedBy = [hasHint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return {
    message,
    describedBy,
    className: `${className}${message ? ' field-invalid' : ''}`,
    invalid: message ? true : undefined,
  };
}

function Hint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p className="hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: string;
  /** The request field(s) whose refusal (in `error`) is shown here; none when left out. */
  field?: string | string[];
  error?: unknown;
  hint?: ReactNode;
}

interface TextFieldProps extends FieldProps {
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'number' | 'tel' | 'email' | 'password' | 'date' | 'datetime-local';
  /** The keyboard to offer (e.g. url, email) for a text field. */
  inputMode?: 'url' | 'email';
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  className?: string;
  autoComplete?: string;
  disabled?: boolean;
  readOnly?: boolean;
  /** A code or name typed exactly (user name, HSA-id): monospace, no spelling check or capitals. */
  code?: boolean;
}

/** An input (or textarea) with its label, hint and the server's refusal of it, focused when refused. */
export function TextField(props: TextFieldProps) {
  const { id, label, value, onChange, field, error, hint, multiline, rows = 3, type = 'text', inputMode, required, maxLength, min, max, className, autoComplete, disabled, readOnly, code } = props;
  const state = useFieldState(id, field, error, Boolean(hint), className ? `field ${className}` : 'field');
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => {
    if (state.message) ref.current?.focus();
  }, [state.message]);
  // Addresses and codes are typed exactly: no spelling check, no capital first letter.
  const exact = Boolean(code || inputMode || type === 'email');
  const common = { id, ref, value, required, maxLength, autoComplete, disabled, readOnly, 'aria-invalid': state.invalid, 'aria-describedby': state.describedBy };
  return (
    <div className={state.className}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type={type}
          min={min}
          max={max}
          inputMode={type === 'number' ? 'numeric' : inputMode}
          className={code ? 'mono' : undefined}
          spellCheck={exact ? false : undefined}
          autoCapitalize={exact ? 'none' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldMessage id={`${id}-error`} message={state.message} />
    </div>
  );
}

/** A choice of one value from a list, with its label, hint and the server's refusal of it. */
export function SelectField<V extends string>(
  props: FieldProps & {
    value: V;
    onChange(value: NoInfer<V>): void;
    options: readonly { value: NoInfer<V>; label: string }[];
    required?: boolean;
  },
) {
  const { id, label, value, onChange, options, field, error, hint, required } = props;
  const state = useFieldState(id, field, error, Boolean(hint));
  return (
    <div className={state.className}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} required={required} onChange={(e) => onChange(e.target.value as V)} aria-invalid={state.invalid} aria-describedby={state.describedBy}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <Hint id={id}>{hint}</Hint>}
      <FieldMessage id={`${id}-error`} message={state.message} />
    </div>
  );
}

/** A group of checkboxes that choose any number of the items (by id), with its legend, hint and refusal. */
export function CheckboxListField(
  props: FieldProps & {
    items: readonly { id: string; label: string }[];
    chosen: readonly string[];
    onChange(chosen: string[]): void;
  },
) {
  const { id, label, items, chosen, onChange, field, error, hint } = props;
  const state = useFieldState(id, field, error, Boolean(hint));
  const toggle = (item: string) => onChange(chosen.includes(item) ? chosen.filter((x) => x !== item) : [...chosen, item]);
  return (
    <fieldset className={state.className} aria-describedby={state.describedBy}>
      <legend>{label}</legend>
      {hint && <Hint id={id}>{hint}</Hint>}
      {items.map((item) => (
        <div key={item.id} className="field-check">
          <input id={`${id}-${item.id}`} type="checkbox" checked={chosen.includes(item.id)} onChange={() => toggle(item.id)} />
          <label htmlFor={`${id}-${item.id}`}>{item.label}</label>
        </div>
      ))}
      <FieldMessage id={`${id}-error`} message={state.message} />
    </fieldset>
  );
}

/** One checkbox with its label (and an optional hint below it). */
export function CheckField({ id, label, checked, onChange, hint }: { id: string; label: string; checked: boolean; onChange(on: boolean): void; hint?: ReactNode }) {
  return (
    <>
      <div className="field-check">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && <Hint id={id}>{hint}</Hint>}
    </>
  );
}
