import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, isChoiceType, isTextType } from '../../../forms';
import type { FieldType } from '../../../forms';
import { InlineError, TextField, describedBy } from './controls';
import { DRAFT_LANGUAGES, keyFromLabel, newOption } from './drafts';
import type { DraftLanguage, FieldDraft } from './drafts';
import { OptionsEditor } from './OptionsEditor';

const LABEL_KEYS: Record<DraftLanguage, string> = {
  sv: 'formsAdmin.field.labelSv',
  nb: 'formsAdmin.field.labelNb',
  en: 'formsAdmin.field.labelEn',
};

const HELP_KEYS: Record<DraftLanguage, string> = {
  sv: 'formsAdmin.field.helpSv',
  nb: 'formsAdmin.field.helpNb',
  en: 'formsAdmin.field.helpEn',
};

/** The paths inside a field that have a control of their own here. */
const OWN_PATHS = /^(key|type|label\.(sv|nb|en)|help\.(sv|nb|en)|options(\.\d+\.(code|label(\.(sv|nb|en))?))?|min|max|maxLength)$/;

/**
 * One custom field of the form being designed: type, labels, key, required, help text and what
 * its type needs (options, min/max, maxLength), with buttons to move it up or down and remove it.
 * `error` is the server error's path inside this field ("options.1.code") and `message` its text.
 */
export function FieldEditor({
  id,
  draft,
  index,
  count,
  error,
  message,
  onChange,
  onMove,
  onRemove,
  onAnnounce,
}: {
  id: string;
  draft: FieldDraft;
  index: number;
  count: number;
  error: string | null;
  message: string;
  onChange(draft: FieldDraft): void;
  onMove(to: number, control: 'up' | 'down'): void;
  onRemove(): void;
  onAnnounce(text: string): void;
}) {
  const { t } = useTranslation();
  const number = index + 1;
  const errorAt = (path: string) => (error === path ? message : null);
  // A path without a control of its own (e.g. the whole label) is shown under the field.
  const otherError = error !== null && !OWN_PATHS.test(error) ? message : null;

  function setType(type: FieldType) {
    // A choice field starts with one option to fill in.
    const options = isChoiceType(type) && draft.options.length === 0 ? [newOption()] : draft.options;
    onChange({ ...draft, type, options });
  }

  function setLabel(language: DraftLanguage, value: string) {
    const label = { ...draft.label, [language]: value };
    const follow = language === 'sv' && !draft.keyEdited;
    onChange(follow ? { ...draft, label, key: keyFromLabel(value) } : { ...draft, label });
  }

  const typeError = errorAt('type');
  const title = draft.label.sv.trim() || t('formsAdmin.field.untitled');

  return (
    <fieldset className="designer-field" id={id}>
      <legend>{t('formsAdmin.field.legend', { number, label: title })}</legend>
      <div className="designer-toolbar">
        <button
          type="button"
          id={`${id}-up`}
          className="button-secondary button-small"
          onClick={() => onMove(index - 1, 'up')}
          disabled={index === 0}
          aria-label={t('formsAdmin.field.moveUpItem', { number, label: title })}
        >
          {t('formsAdmin.moveUp')}
        </button>
        <button
          type="button"
          id={`${id}-down`}
          className="button-secondary button-small"
          onClick={() => onMove(index + 1, 'down')}
          disabled={index === count - 1}
          aria-label={t('formsAdmin.field.moveDownItem', { number, label: title })}
        >
          {t('formsAdmin.moveDown')}
        </button>
        <button
          type="button"
          className="button-secondary button-small"
          onClick={onRemove}
          aria-label={t('formsAdmin.field.removeItem', { number, label: title })}
        >
          {t('formsAdmin.remove')}
        </button>
      </div>

      <div className="designer-row">
        <div className={typeError ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-type`}>{t('formsAdmin.field.type')}</label>
          <select
            id={`${id}-type`}
            value={draft.type}
            onChange={(e) => setType(e.target.value as FieldType)}
            {...describedBy(`${id}-type`, false, typeError)}
          >
            {FIELD_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`formsAdmin.types.${type}`)}
              </option>
            ))}
          </select>
          <InlineError id={`${id}-type-error`} message={typeError} />
        </div>
        <TextField
          id={`${id}-key`}
          label={t('formsAdmin.field.key')}
          value={draft.key}
          onChange={(key) => onChange({ ...draft, key, keyEdited: key !== '' })}
          error={errorAt('key')}
          hint={t('formsAdmin.field.keyHint')}
          required
          mono
        />
        <div className="field field-check designer-required">
          <input
            id={`${id}-required`}
            type="checkbox"
            checked={draft.required}
            onChange={(e) => onChange({ ...draft, required: e.target.checked })}
          />
          <label htmlFor={`${id}-required`}>{t('formsAdmin.field.required')}</label>
        </div>
      </div>

      <div className="designer-row">
        {DRAFT_LANGUAGES.map((language) => (
          <TextField
            key={language}
            id={`${id}-label-${language}`}
            label={t(LABEL_KEYS[language])}
            value={draft.label[language]}
            onChange={(value) => setLabel(language, value)}
            error={errorAt(`label.${language}`)}
            required={language === 'sv'}
          />
        ))}
      </div>

      <div className="designer-row">
        {DRAFT_LANGUAGES.map((language) => (
          <TextField
            key={language}
            id={`${id}-help-${language}`}
            label={t(HELP_KEYS[language])}
            value={draft.help[language]}
            onChange={(value) => onChange({ ...draft, help: { ...draft.help, [language]: value } })}
            error={errorAt(`help.${language}`)}
            multiline
            rows={2}
          />
        ))}
      </div>

      {isChoiceType(draft.type) && (
        <OptionsEditor
          id={`${id}-options`}
          options={draft.options}
          onChange={(options) => onChange({ ...draft, options })}
          error={error}
          message={message}
          onAnnounce={onAnnounce}
        />
      )}

      {draft.type === 'number' && (
        <div className="designer-row">
          <TextField
            id={`${id}-min`}
            label={t('formsAdmin.field.min')}
            type="number"
            step="any"
            value={draft.min}
            onChange={(min) => onChange({ ...draft, min })}
            error={errorAt('min')}
          />
          <TextField
            id={`${id}-max`}
            label={t('formsAdmin.field.max')}
            type="number"
            step="any"
            value={draft.max}
            onChange={(max) => onChange({ ...draft, max })}
            error={errorAt('max')}
          />
        </div>
      )}

      {isTextType(draft.type) && (
        <div className="designer-row">
          <TextField
            id={`${id}-max-length`}
            label={t('formsAdmin.field.maxLength')}
            type="number"
            min={1}
            step={1}
            value={draft.maxLength}
            onChange={(maxLength) => onChange({ ...draft, maxLength })}
            error={errorAt('maxLength')}
            hint={t('formsAdmin.field.maxLengthHint')}
          />
        </div>
      )}

      {otherError && (
        <p className="field-error" data-error-focus tabIndex={-1}>
          {otherError}
        </p>
      )}
    </fieldset>
  );
}
