import type { KeyboardEvent, Ref } from 'react';

/**
 * The required "reason" of a guarded action (marking a patient confidential, an emergency
 * opening): label, hint above the text, the text and the refusal of it, read out at once.
 * `id` is the textarea's; the hint and error get `${id}-hint` and `${id}-error`.
 */
export function ReasonField({
  id,
  label,
  hint,
  value,
  onChange,
  error,
  rows,
  maxLength,
  inputRef,
  onKeyDown,
  required = true,
}: {
  id: string;
  label: string;
  hint: string;
  value: string;
  onChange(value: string): void;
  /** The message when the reason is refused, else null. */
  error: string | null;
  rows: number;
  maxLength: number;
  inputRef?: Ref<HTMLTextAreaElement>;
  onKeyDown?(e: KeyboardEvent<HTMLTextAreaElement>): void;
  /** Whether the text must be given (default); some reasons need words only for some choices. */
  required?: boolean;
}) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <textarea
        id={id}
        ref={inputRef}
        rows={rows}
        value={value}
        maxLength={maxLength}
        required={required}
        aria-required={required ? 'true' : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
