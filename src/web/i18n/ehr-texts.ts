/*
 * The texts of a session opened from the EHR (issue 15): the read-mode banner and the refusals of
 * the capture rules (M5). Registered by ./ehr.ts under `ehr`, and the codes under `errors` and `refusals`.
 */
const sv = {
  readOnlyTitle: 'Journalsystemet är i läsläge – Kasus är öppnat i läsläge',
  readOnlyLaunch: 'Journalen öppnade Kasus i läsläge. Allt går att läsa, men inget kan sparas i den här sessionen. Fotografera till minneskort enligt reservrutinen och importera bilderna när journalen är i drift igen.',
  readOnlySystem: 'Journalsystemet har läsläge i Kasus systemöversikt. Allt går att läsa, men inget kan sparas i den här sessionen. Fotografera till minneskort enligt reservrutinen och importera bilderna när journalen är i drift igen.',
  more: 'Driftläge',
  ultrasound: 'Filerna jag väljer nu är ultraljud',
  ultrasoundLabel: 'Ultraljud',
  audioHint: 'Ljud och ultraljud kan bara läggas till när Kasus har öppnats från patientens journal.',
  openedFromEhr: 'Öppnat från journalen: patient, användare och enhet kommer från journalsystemet.',
  errors: {
    ehr_read_only: 'Journalsystemet är i läsläge, så Kasus är öppnat i läsläge: ändringen sparades inte.',
    ehr_context_required: 'Ljud och ultraljud tas bara emot när Kasus har öppnats från patientens journal.',
    ehr_launch_refused: 'Öppningen från journalen godtogs inte. Öppna Kasus från journalen igen.',
  },
  refusal: 'Ljud och ultraljud tas bara emot när Kasus har öppnats från patientens journal.',
};

type Texts = typeof sv;

const nb: Texts = {
  readOnlyTitle: 'Journalsystemet er i lesemodus – Kasus er åpnet i lesemodus',
  readOnlyLaunch: 'Journalen åpnet Kasus i lesemodus. Alt kan leses, men ingenting kan lagres i denne økten. Fotografer til minnekort etter reserverutinen og importer bildene når journalen er i drift igjen.',
  readOnlySystem: 'Journalsystemet har lesemodus i Kasus sin systemoversikt. Alt kan leses, men ingenting kan lagres i denne økten. Fotografer til minnekort etter reserverutinen og importer bildene når journalen er i drift igjen.',
  more: 'Driftsstatus',
  ultrasound: 'Filene jeg velger nå er ultralyd',
  ultrasoundLabel: 'Ultralyd',
  audioHint: 'Lyd og ultralyd kan bare legges til når Kasus er åpnet fra pasientens journal.',
  openedFromEhr: 'Åpnet fra journalen: pasient, bruker og enhet kommer fra journalsystemet.',
  errors: {
    ehr_read_only: 'Journalsystemet er i lesemodus, så Kasus er åpnet i lesemodus: endringen ble ikke lagret.',
    ehr_context_required: 'Lyd og ultralyd tas bare imot når Kasus er åpnet fra pasientens journal.',
    ehr_launch_refused: 'Åpningen fra journalen ble ikke godtatt. Åpne Kasus fra journalen på nytt.',
  },
  refusal: 'Lyd og ultralyd tas bare imot når Kasus er åpnet fra pasientens journal.',
};

const en: Texts = {
  readOnlyTitle: 'The EHR is in read mode – Kasus is open in read mode',
  readOnlyLaunch: 'The EHR opened Kasus in read mode. Everything can be read, but nothing can be saved in this session. Photograph to a memory card as the downtime routine says and import the pictures when the EHR is back.',
  readOnlySystem: 'The EHR is marked read-only in Kasus’s system overview. Everything can be read, but nothing can be saved in this session. Photograph to a memory card as the downtime routine says and import the pictures when the EHR is back.',
  more: 'System status',
  ultrasound: 'The files I choose now are ultrasound',
  ultrasoundLabel: 'Ultrasound',
  audioHint: 'Audio and ultrasound can only be added when Kasus was opened from the patient’s record in the EHR.',
  openedFromEhr: 'Opened from the EHR: patient, user and department come from the EHR.',
  errors: {
    ehr_read_only: 'The EHR is in read mode, so Kasus is open in read mode: the change was not saved.',
    ehr_context_required: 'Audio and ultrasound are accepted only when Kasus was opened from the patient’s record in the EHR.',
    ehr_launch_refused: 'The launch from the EHR was not accepted. Open Kasus from the EHR again.',
  },
  refusal: 'Audio and ultrasound are accepted only when Kasus was opened from the patient’s record in the EHR.',
};

export const EHR_TEXTS = { sv, nb, en };
