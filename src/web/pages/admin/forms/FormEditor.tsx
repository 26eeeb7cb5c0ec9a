import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, call, client, errorField } from '../../../api';
import { CAPTURE_FACTS, customFields, translatedText } from '../../../forms';
import type { FormDetail } from '../../../forms';
import type { Department } from '../../../types';
import { ActiveCheckbox, AdminFormPanel, FormActions, sortBy, useFormFocus, useSubmit } from '../shared';
import { InlineError, TextField } from './controls';
import { draftToInput, fieldToDraft, moveItem, newField, pathInField, sameDefinitions } from './drafts';
import type { FieldDraft } from './drafts';
import { FieldEditor } from './FieldEditor';
import { FieldsTable } from './FieldsTable';
import '../../../i18n/imports';

export interface FormEditorProps {
  /** The form to edit, or null to create one. */
  form: FormDetail | null;
  /** Changes each time the form is chosen in the list, to bring the keyboard to the editor. */
  openCount: number;
  departments: Department[];
  notice: string;
  onSubmitStart(): void;
  /** Everything was saved; `notice` says what. */
  onSaved(form: FormDetail, notice: string): void;
  /** The name, description, active flag or departments were saved, but the fields were not. */
  onPartlySaved(form: FormDetail): void;
  onNotice(notice: string): void;
  onCancel(): void;
}

/** A name's or description's nb and en as typed, e.g. `{ nb: '', en: 'Skin photo' }`. */
type TranslationDraft = { nb: string; en: string };
type Translations = FormDetail['nameTranslations'];

const toTranslationDraft = (t: Translations | undefined): TranslationDraft => ({ nb: t?.nb ?? '', en: t?.en ?? '' });

/** The translations to send: blank ones left out (the Swedish text shows instead). */
function fromTranslationDraft(draft: TranslationDraft): Translations {
  const nb = draft.nb.trim();
  const en = draft.en.trim();
  return { ...(nb ? { nb } : {}), ...(en ? { en } : {}) };
}

const sameTranslations = (a: Translations, b: Translations) => (a.nb ?? '') === (b.nb ?? '') && (a.en ?? '') === (b.en ?? '');

/** What PATCH /api/forms/:id should change, or null when nothing did. */
function metadataChanges(
  saved: FormDetail,
  edited: { name: string; nameTranslations: TranslationDraft; description: string; descriptionTranslations: TranslationDraft; active: boolean; forensic: boolean; departmentIds: string[] },
) {
  const changes: {
    forensic?: boolean;
    name?: string;
    nameTranslations?: Translations;
    description?: string | null;
    descriptionTranslations?: Translations;
    active?: boolean;
    departmentIds?: string[];
  } = {};
  if (edited.name.trim() !== saved.name) changes.name = edited.name.trim();
  const nameTranslations = fromTranslationDraft(edited.nameTranslations);
  if (!sameTranslations(nameTranslations, saved.nameTranslations)) changes.nameTranslations = nameTranslations;
  if (edited.description.trim() !== (saved.description ?? '')) changes.description = edited.description.trim() || null;
  const descriptionTranslations = fromTranslationDraft(edited.descriptionTranslations);
  if (!sameTranslations(descriptionTranslations, saved.descriptionTranslations)) changes.descriptionTranslations = descriptionTranslations;
  if (edited.active !== saved.active) changes.active = edited.active;
  if (edited.forensic !== saved.forensic) changes.forensic = edited.forensic;
  const before = saved.departments.map((d) => d.id).sort();
  if (edited.departmentIds.slice().sort().join() !== before.join()) changes.departmentIds = edited.departmentIds;
  return Object.keys(changes).length > 0 ? changes : null;
}

/** Where focus goes after the field list changed: a control by id, else `fallback`. */
type FocusTarget = { id: string; fallback?: string };

/**
 * Creates a form or edits one: name, description, departments, active flag, and the field list
 * under the fixed capture facts. Changed fields are saved as a new version with a change note;
 * the rest is changed in place.
 */
export function FormEditor({
  form,
  openCount,
  departments,
  notice,
  onSubmitStart,
  onSaved,
  onPartlySaved,
  onNotice,
  onCancel,
}: FormEditorProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [saved, setSaved] = useState(form);
  const [name, setName] = useState(form?.name ?? '');
  const [nameTranslations, setNameTranslations] = useState(() => toTranslationDraft(form?.nameTranslations));
  const [description, setDescription] = useState(form?.description ?? '');
  const [descriptionTranslations, setDescriptionTranslations] = useState(() => toTranslationDraft(form?.descriptionTranslations));
  const [active, setActive] = useState(form?.active ?? true);
  const [forensic, setForensic] = useState(form?.forensic ?? false);
  const [departmentIds, setDepartmentIds] = useState<string[]>(() => form?.departments.map((d) => d.id) ?? []);
  const [savedFields] = useState<FieldDraft[]>(() => (form ? customFields(form).map(fieldToDraft) : []));
  const [fields, setFields] = useState<FieldDraft[]>(savedFields);
  const [changeNote, setChangeNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [focus, setFocus] = useState<FocusTarget | null>(null);
  const { error, saving, submit } = useSubmit(onSubmitStart);
  const headingRef = useFormFocus(form ? `${form.id}:${openCount}` : undefined);
  const bodyRef = useRef<HTMLDivElement>(null);
  const fieldsHeading = useRef<HTMLHeadingElement>(null);
  /** The fields in the order they were last sent, for placing the server's `fields.N` errors. */
  const [sentUids, setSentUids] = useState<string[]>([]);

  const fieldsChanged = !sameDefinitions(fields, savedFields);
  const errorPath = errorField(error);
  const message = error instanceof ApiError ? error.message : '';
  const errorAt = (path: string) => (errorPath === path ? message : null);
  const captureFacts = form ? form.currentVersion.fields.filter((f) => form.captureFactKeys.includes(f.key)) : CAPTURE_FACTS;
  const fixedKeys = captureFacts.map((f) => f.key);

  // After a refusal, take the keyboard to the first control the server named.
  useEffect(() => {
    if (!error) return;
    bodyRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error-focus]')?.focus();
  }, [error]);

  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    const target = document.getElementById(focus.id) as HTMLButtonElement | null;
    if (target && !target.disabled) target.focus();
    else if (focus.fallback) document.getElementById(focus.fallback)?.focus();
    else fieldsHeading.current?.focus();
  }, [focus]);

  const fieldId = (draft: FieldDraft) => `${id}-field-${draft.uid}`;
  const label = (draft: FieldDraft) => draft.label.sv.trim() || t('formsAdmin.field.untitled');

  function addField() {
    const draft = newField();
    setFields((list) => [...list, draft]);
    setFocus({ id: `${fieldId(draft)}-type` });
    setAnnouncement(t('formsAdmin.fieldAdded', { number: fields.length + 1 }));
  }

  function moveField(index: number, to: number, control: 'up' | 'down') {
    const draft = fields[index]!;
    setFields((list) => moveItem(list, index, to));
    const other = control === 'up' ? 'down' : 'up';
    setFocus({ id: `${fieldId(draft)}-${control}`, fallback: `${fieldId(draft)}-${other}` });
    setAnnouncement(t('formsAdmin.fieldMoved', { label: label(draft), number: to + 1 }));
  }

  function removeField(index: number) {
    const draft = fields[index]!;
    setFields((list) => list.filter((f) => f.uid !== draft.uid));
    setFocus({ id: `${id}-fields-heading` });
    setAnnouncement(t('formsAdmin.fieldRemoved', { label: label(draft) }));
  }

  function toggleDepartment(departmentId: string, on: boolean) {
    setDepartmentIds((list) => (on ? [...list, departmentId] : list.filter((d) => d !== departmentId)));
  }

  function onSubmit() {
    setSentUids(fields.map((f) => f.uid));
    const definitions = fields.map(draftToInput);
    void submit(async () => {
      if (!saved) {
        const note = changeNote.trim();
        const created = await call(
          client.POST('/api/forms', {
            body: {
              name: name.trim(),
              nameTranslations: fromTranslationDraft(nameTranslations),
              description: description.trim(),
              descriptionTranslations: fromTranslationDraft(descriptionTranslations),
              forensic,
              fields: definitions,
              departmentIds,
              ...(note ? { changeNote: note } : {}),
            },
          }),
        );
        onSaved(created, t('formsAdmin.created', { name: translatedText(created.name, created.nameTranslations, i18n.resolvedLanguage) }));
        return;
      }
      const changes = metadataChanges(saved, { name, nameTranslations, description, descriptionTranslations, active, forensic, departmentIds });
      if (!changes && !fieldsChanged) {
        onNotice(t('formsAdmin.nothingChanged'));
        return;
      }
      let result = saved;
      if (changes) {
        result = await call(client.PATCH('/api/forms/{id}', { params: { path: { id: String(saved.id) } }, body: changes }));
        setSaved(result);
        onPartlySaved(result);
      }
      if (fieldsChanged) {
        result = await call(
          client.PUT('/api/forms/{id}', { params: { path: { id: String(saved.id) } }, body: { fields: definitions, changeNote: changeNote.trim() } }),
        );
      }
      onSaved(
        result,
        fieldsChanged ? t('formsAdmin.savedVersion', { version: result.currentVersion.version }) : t('common.saved'),
      );
    });
  }

  /** The server error's path inside the field, when it names this one. */
  function fieldError(draft: FieldDraft): string | null {
    const match = /^fields\.(\d+)\./.exec(errorPath ?? '');
    if (!match) return null;
    const index = Number(match[1]);
    return sentUids[index] === draft.uid ? pathInField(errorPath, index) : null;
  }

  const title = form ? t('formsAdmin.editTitle', { name: translatedText(form.name, form.nameTranslations, i18n.resolvedLanguage) }) : t('formsAdmin.createTitle');
  const departmentsError = errorAt('departmentIds');
  const fieldsError = errorAt('fields');

  return (
    <AdminFormPanel id={id} title={title} headingRef={headingRef} notice={notice} error={error} onSubmit={onSubmit}>
      <div ref={bodyRef} className="form-designer">
        <TextField
          id={`${id}-name`}
          label={t('formsAdmin.name')}
          value={name}
          onChange={setName}
          error={errorAt('name')}
          required
        />
        <div className="designer-row">
          {(['nb', 'en'] as const).map((language) => (
            <TextField
              key={language}
              id={`${id}-name-${language}`}
              label={t(language === 'nb' ? 'formsAdmin.nameNb' : 'formsAdmin.nameEn')}
              value={nameTranslations[language]}
              onChange={(value) => setNameTranslations((draft) => ({ ...draft, [language]: value }))}
              error={errorAt(`nameTranslations.${language}`) ?? errorAt('nameTranslations')}
            />
          ))}
        </div>
        <TextField
          id={`${id}-description`}
          label={t('formsAdmin.description')}
          value={description}
          onChange={setDescription}
          error={errorAt('description')}
          multiline
        />
        <div className="designer-row">
          {(['nb', 'en'] as const).map((language) => (
            <TextField
              key={language}
              id={`${id}-description-${language}`}
              label={t(language === 'nb' ? 'formsAdmin.descriptionNb' : 'formsAdmin.descriptionEn')}
              value={descriptionTranslations[language]}
              onChange={(value) => setDescriptionTranslations((draft) => ({ ...draft, [language]: value }))}
              error={errorAt(`descriptionTranslations.${language}`) ?? errorAt('descriptionTranslations')}
              multiline
              rows={2}
            />
          ))}
        </div>
        <fieldset className={departmentsError ? 'checkbox-group field-invalid' : 'checkbox-group'}>
          <legend>{t('formsAdmin.departments')}</legend>
          <p className="hint">{t('formsAdmin.departmentsHint')}</p>
          {departments.length === 0 ? (
            <p className="muted">{t('formsAdmin.noDepartmentsToChoose')}</p>
          ) : (
            sortBy(departments, (d) => d.name).map((d, index) => {
              const departmentId = String(d.id);
              const cid = `${id}-department-${index}`;
              return (
                <div className="field-check" key={departmentId}>
                  <input
                    id={cid}
                    type="checkbox"
                    checked={departmentIds.includes(departmentId)}
                    onChange={(e) => toggleDepartment(departmentId, e.target.checked)}
                    aria-invalid={departmentsError ? true : undefined}
                    aria-describedby={departmentsError ? `${id}-departments-error` : undefined}
                  />
                  <label htmlFor={cid}>{d.active ? d.name : t('formsAdmin.inactiveDepartment', { name: d.name })}</label>
                </div>
              );
            })
          )}
          <InlineError id={`${id}-departments-error`} message={departmentsError} />
        </fieldset>
        {form && <ActiveCheckbox id={id} checked={active} onChange={setActive} />}
        {/* Forensic (M5): every image must show the patient's identifier; card import flags those that do not. */}
        <div className="field field-check">
          <input id={`${id}-forensic`} type="checkbox" checked={forensic} onChange={(e) => setForensic(e.target.checked)} aria-describedby={`${id}-forensic-hint`} />
          <label htmlFor={`${id}-forensic`}>{t('cardImport.forensicLabel')}</label>
          <p className="hint" id={`${id}-forensic-hint`}>{t('cardImport.forensicHint')}</p>
        </div>

        <section className="designer-fields" aria-labelledby={`${id}-fields-heading`}>
          <h3 id={`${id}-fields-heading`} ref={fieldsHeading} tabIndex={-1}>
            {t('formsAdmin.fieldsTitle')}
          </h3>
          <p className="hint">{t('formsAdmin.fieldsHint')}</p>

          <h4>{t('formsAdmin.captureFactsTitle')}</h4>
          <p className="hint">{t('formsAdmin.captureFactsHint')}</p>
          <FieldsTable fields={captureFacts} fixedKeys={fixedKeys} caption={t('formsAdmin.captureFactsTitle')} />

          <h4>{t('formsAdmin.customFieldsTitle')}</h4>
          {fields.length === 0 && <p className="muted">{t('formsAdmin.noCustomFields')}</p>}
          <ol className="designer-field-list">
            {fields.map((draft, index) => (
              <li key={draft.uid}>
                <FieldEditor
                  id={fieldId(draft)}
                  draft={draft}
                  index={index}
                  count={fields.length}
                  error={fieldError(draft)}
                  message={message}
                  onChange={(next) => setFields((list) => list.map((f) => (f.uid === next.uid ? next : f)))}
                  onMove={(to, control) => moveField(index, to, control)}
                  onRemove={() => removeField(index)}
                  onAnnounce={setAnnouncement}
                />
              </li>
            ))}
          </ol>
          <InlineError id={`${id}-fields-error`} message={fieldsError} />
          <button
            type="button"
            className="button-secondary"
            onClick={addField}
            aria-describedby={fieldsError ? `${id}-fields-error` : undefined}
            data-error-focus={fieldsError ? true : undefined}
          >
            {t('formsAdmin.addField')}
          </button>
          <p className="visually-hidden" role="status">
            {announcement}
          </p>
        </section>

        <TextField
          id={`${id}-change-note`}
          label={form ? t('formsAdmin.changeNote') : t('formsAdmin.changeNoteOptional')}
          value={changeNote}
          onChange={setChangeNote}
          error={errorAt('changeNote')}
          hint={form ? t('formsAdmin.changeNoteHint') : t('formsAdmin.changeNoteCreateHint')}
          required={!!form && fieldsChanged}
          multiline
        />
        <FormActions editing={!!form} saving={saving} createText={t('formsAdmin.create')} onCancel={onCancel} />
      </div>
    </AdminFormPanel>
  );
}
