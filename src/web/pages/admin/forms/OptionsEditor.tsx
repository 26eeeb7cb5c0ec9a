import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TableHead } from '../../../components/table';
import { InlineError, describedBy } from './controls';
import { DRAFT_LANGUAGES, keyFromLabel, moveItem, newOption } from './drafts';
import type { DraftLanguage, OptionDraft } from './drafts';

const LABEL_COLUMNS: Record<DraftLanguage, { heading: string; input: string }> = {
  sv: { heading: 'formsAdmin.options.labelSv', input: 'formsAdmin.options.labelSvFor' },
  nb: { heading: 'formsAdmin.options.labelNb', input: 'formsAdmin.options.labelNbFor' },
  en: { heading: 'formsAdmin.options.labelEn', input: 'formsAdmin.options.labelEnFor' },
};

/** The element to focus after a change to the list: a control of one option, or the add button. */
type FocusTarget = { uid: string; control: 'up' | 'down' | 'code' } | 'add';

/**
 * The answer options of a choice field: code and label in three languages per option, added,
 * removed and reordered with buttons. `error` is the server error's path inside the field
 * ("options", "options.1.code") and `message` its text.
 */
export function OptionsEditor({
  id,
  options,
  onChange,
  error,
  message,
  onAnnounce,
}: {
  id: string;
  options: OptionDraft[];
  onChange(options: OptionDraft[]): void;
  error: string | null;
  message: string;
  onAnnounce(text: string): void;
}) {
  const { t } = useTranslation();
  const [focus, setFocus] = useState<FocusTarget | null>(null);

  // Keep the keyboard where it was after the rows moved (or went away).
  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    if (focus === 'add') {
      document.getElementById(`${id}-add`)?.focus();
      return;
    }
    const target = document.getElementById(`${id}-${focus.uid}-${focus.control}`) as HTMLButtonElement | null;
    const other = focus.control === 'up' ? 'down' : 'up';
    const fallback = document.getElementById(`${id}-${focus.uid}-${other}`);
    (target && !target.disabled ? target : fallback)?.focus();
  }, [focus, id]);

  const errorAt = (path: string) => (error === path ? message : null);

  function update(index: number, change: Partial<OptionDraft>) {
    onChange(options.map((o, i) => (i === index ? { ...o, ...change } : o)));
  }

  function setLabel(index: number, language: DraftLanguage, value: string) {
    const option = options[index]!;
    const label = { ...option.label, [language]: value };
    const follow = language === 'sv' && !option.codeEdited;
    update(index, follow ? { label, code: keyFromLabel(value) } : { label });
  }

  function move(index: number, to: number, control: 'up' | 'down') {
    onChange(moveItem(options, index, to));
    setFocus({ uid: options[index]!.uid, control });
    onAnnounce(t('formsAdmin.optionMoved', { number: to + 1 }));
  }

  function remove(index: number) {
    onChange(options.filter((_, i) => i !== index));
    const next = options[index + 1] ?? options[index - 1];
    setFocus(next ? { uid: next.uid, control: 'code' } : 'add');
    onAnnounce(t('formsAdmin.optionRemoved', { number: index + 1 }));
  }

  function add() {
    const option = newOption();
    onChange([...options, option]);
    setFocus({ uid: option.uid, control: 'code' });
  }

  const listError = errorAt('options');

  return (
    <fieldset className={listError ? 'designer-options field-invalid' : 'designer-options'}>
      <legend>{t('formsAdmin.options.title')}</legend>
      {options.length === 0 ? (
        <p className="muted">{t('formsAdmin.options.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="options-table">
            <TableHead columns={[t('formsAdmin.options.code'), ...DRAFT_LANGUAGES.map((language) => t(LABEL_COLUMNS[language].heading))]} actions />
            <tbody>
              {options.map((option, index) => {
                const rowId = `${id}-${option.uid}`;
                const number = index + 1;
                const codeError = errorAt(`options.${index}.code`);
                return (
                  <tr key={option.uid}>
                    <td className={codeError ? 'field-invalid' : undefined}>
                      <input
                        id={`${rowId}-code`}
                        className="mono"
                        value={option.code}
                        onChange={(e) => update(index, { code: e.target.value, codeEdited: e.target.value !== '' })}
                        aria-label={t('formsAdmin.options.codeFor', { number })}
                        required
                        autoComplete="off"
                        spellCheck={false}
                        {...describedBy(`${rowId}-code`, false, codeError)}
                      />
                      <InlineError id={`${rowId}-code-error`} message={codeError} />
                    </td>
                    {DRAFT_LANGUAGES.map((language) => {
                      const inputId = `${rowId}-${language}`;
                      // A problem with the whole label is shown at the Swedish text, the one required.
                      const labelError =
                        errorAt(`options.${index}.label.${language}`) ??
                        (language === 'sv' ? errorAt(`options.${index}.label`) : null);
                      return (
                        <td key={language} className={labelError ? 'field-invalid' : undefined}>
                          <input
                            id={inputId}
                            value={option.label[language]}
                            onChange={(e) => setLabel(index, language, e.target.value)}
                            aria-label={t(LABEL_COLUMNS[language].input, { number })}
                            required={language === 'sv'}
                            autoComplete="off"
                            {...describedBy(inputId, false, labelError)}
                          />
                          <InlineError id={`${inputId}-error`} message={labelError} />
                        </td>
                      );
                    })}
                    <td className="cell-actions">
                      <button
                        type="button"
                        id={`${rowId}-up`}
                        className="button-secondary button-small"
                        onClick={() => move(index, index - 1, 'up')}
                        disabled={index === 0}
                        aria-label={t('formsAdmin.options.moveUpItem', { number })}
                      >
                        {t('formsAdmin.moveUp')}
                      </button>
                      <button
                        type="button"
                        id={`${rowId}-down`}
                        className="button-secondary button-small"
                        onClick={() => move(index, index + 1, 'down')}
                        disabled={index === options.length - 1}
                        aria-label={t('formsAdmin.options.moveDownItem', { number })}
                      >
                        {t('formsAdmin.moveDown')}
                      </button>
                      <button
                        type="button"
                        className="button-secondary button-small"
                        onClick={() => remove(index)}
                        aria-label={t('formsAdmin.options.removeItem', { number })}
                      >
                        {t('formsAdmin.remove')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <InlineError id={`${id}-error`} message={listError} />
      <button
        type="button"
        id={`${id}-add`}
        className="button-secondary button-small"
        onClick={add}
        aria-describedby={listError ? `${id}-error` : undefined}
        data-error-focus={listError ? true : undefined}
      >
        {t('formsAdmin.options.add')}
      </button>
    </fieldset>
  );
}
