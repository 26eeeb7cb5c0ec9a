/**
 * Every error Kasus answers with has a code from this table; the HTTP status and the default
 * message live here and nowhere else.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: 'Uppgifterna är inte giltiga.' },
  invalid_identifier: { status: 400, message: 'Identiteten är inte giltig.' },
  invalid_json: { status: 400, message: 'Begäran är inte giltig JSON.' },
  invalid_multipart: {
    status: 400,
    message: 'Uppladdningen är inte giltig multipart/form-data (den saknar avgränsare eller är avbruten). Försök ladda upp filerna igen.',
  },
  invalid_url: { status: 400, message: 'Adressen är inte giltig (felaktig procentkodning eller otillåtna tecken).' },
  invalid_request: { status: 400, message: 'Begäran är inte giltig HTTP och kunde inte läsas.' },
  invalid_edit: {
    status: 400,
    message: 'Redigeringen går inte att göra på filen (beskärning utanför bilden, trimning utanför inspelningen eller fel sorts redigering).',
  },
  invalid_text: { status: 400, message: 'Texten innehåller tecken som inte är tillåtna (ogiltig Unicode, nolltecken eller styrtecken).' },
  invalid_date: { status: 400, message: 'Datumet eller tidpunkten finns inte. Skriv t.ex. 2026-11-22 eller 2026-11-22T08:00.' },
  invalid_public_key: {
    status: 400,
    message: 'Nyckeln är inte en giltig age-mottagare (X25519). Klistra in raden som börjar med age1 från kasus offline-copy keygen.',
  },
  access_log_broken: {
    status: 400,
    message: 'Åtkomstloggen från reservdatorn hänger inte ihop med den som redan tagits emot (kedjan är bruten).',
  },
  reason_required: { status: 400, message: 'Ange en anledning med riktiga ord.' },
  invalid_credentials: {
    status: 401,
    message:
      'Inloggningen misslyckades. Kontrollera användarnamn och lösenord. Efter flera misslyckade försök spärras kontot en stund.',
  },
  not_authenticated: { status: 401, message: 'Du är inte inloggad.' },
  csrf_invalid: { status: 403, message: 'Begäran saknar giltig säkerhetstoken (CSRF). Ladda om sidan och försök igen.' },
  forbidden: { status: 403, message: 'Du saknar behörighet för detta.' },
  confidential: {
    status: 403,
    message: 'Patienten är konfidentiell. Ärendet kan bara öppnas genom nödöppning, med en angiven anledning.',
  },
  access_blocked: { status: 403, message: 'Patientens spärr eller samtycke hindrar åtkomst till ärendet.' },
  ehr_read_only: {
    status: 403,
    message: 'Journalsystemet är i läsläge – Kasus är öppnat i läsläge: allt går att läsa, men inget kan sparas i den här sessionen.',
  },
  ehr_context_required: {
    status: 403,
    message: 'Ljud och ultraljud tas bara emot när Kasus har öppnats från journalen (med patient- och användarkontext). Öppna Kasus från patientens journal och ladda upp filen där.',
  },
  ehr_launch_refused: { status: 403, message: 'Öppningen från journalen godtogs inte. Öppna Kasus från journalen igen.' },
  not_found: { status: 404, message: 'Det du sökte finns inte.' },
  patient_not_found: { status: 404, message: 'Ingen patient är registrerad med den identiteten.' },
  not_ready: { status: 404, message: 'Filen håller på att förberedas. Försök igen om en stund.' },
  method_not_allowed: { status: 405, message: 'Metoden stöds inte här.' },
  read_only_copy: { status: 405, message: 'Detta är reservkopian: den kan bara läsas och skrivas ut. Ändringar görs i Kasus när det är i drift igen.' },
  request_timeout: { status: 408, message: 'Begäran tog för lång tid att skicka. Försök igen.' },
  conflict: { status: 409, message: 'Uppgiften krockar med en befintlig.' },
  no_snapshot: { status: 409, message: 'Det finns ingen ögonblicksbild för reservdatorn än. Försök igen om en stund.' },
  patient_exists: { status: 409, message: 'Patienten är redan registrerad.' },
  case_locked: { status: 409, message: 'Ärendet är signerat och kan inte ändras. Skapa en ny version för att ändra det.' },
  case_not_signed: { status: 409, message: 'Ärendet är inte signerat. Ändra utkastet direkt.' },
  case_changed: { status: 409, message: 'Ärendet ändrades av någon annan under tiden. Ladda om och försök igen.' },
  media_processing: { status: 409, message: 'Alla filer är inte färdigbehandlade än. Vänta en stund och signera sedan.' },
  import_multiple_sessions: { status: 409, message: 'Kortet innehåller flera fotograferingstillfällen. Dela upp importen eller importera dem var för sig.' },
  import_other_patient: { status: 409, message: 'Importen stoppades: en ID-bild visar en annan patient än ärendets. Ingenting lades till.' },
  not_confidential: { status: 409, message: 'Patienten är inte konfidentiell; ärendet kan öppnas som vanligt.' },
  faces_starting: { status: 409, message: 'Ansiktsigenkänningen startar fortfarande. Försök igen om några sekunder.' },
  consent_required: { status: 409, message: 'Bilden får inte kopieras till en undervisningssamling utan ett giltigt skriftligt samtycke som omfattar undervisning.' },
  pacs_not_configured: { status: 409, message: 'Avdelningen har inget PACS att skicka till. Be systemförvaltaren lägga in avdelningens PACS (KASUS_PACS).' },
  pacs_nothing_to_send: { status: 409, message: 'Ärendet har inga färdiga bilder eller filmer att skicka till PACS.' },
  capture_conflict: { status: 409, message: 'Fotograferingen finns redan för en annan patient, avdelning eller användare.' },
  checksum_mismatch: { status: 422, message: 'Filen som kom fram skiljer sig från den som fotograferades (kontrollsumman stämmer inte). Den sparades inte; skicka den igen.' },
  form_incomplete: { status: 422, message: 'Formuläret är inte komplett. Fyll i de obligatoriska fälten innan du signerar.' },
  upload_offset_mismatch: {
    status: 409,
    message: 'Uppladdningens position (Upload-Offset) stämmer inte med det Kasus har tagit emot. Fråga efter läget (HEAD) och fortsätt därifrån.',
  },
  upload_gone: { status: 410, message: 'Uppladdningen finns inte längre. Börja om med filen.' },
  upload_version_unsupported: { status: 412, message: 'Klienten saknar eller använder en version av uppladdningsprotokollet (tus) som Kasus inte stöder. Kasus stöder tus 1.0.0.' },
  payload_too_large: { status: 413, message: 'Begäran är för stor.' },
  url_too_long: { status: 414, message: 'Adressen är för lång.' },
  unsupported_media_type: { status: 415, message: 'Innehållstypen stöds inte.' },
  range_not_satisfiable: { status: 416, message: 'Det begärda intervallet finns inte i filen.' },
  document_refused: { status: 422, message: 'Samtyckesdokumentet togs inte emot: skicka en PDF eller en bild (JPEG, PNG, TIFF, WebP, HEIF).' },
  media_refused: { status: 422, message: 'Ingen av filerna togs emot.' },
  identifier_in_text: {
    status: 422,
    message: 'Texten som följer med den avidentifierade kopian innehåller ett personnummer eller fødselsnummer. Ta bort det och spara igen.',
  },
  upload_busy: { status: 423, message: 'Uppladdningen tar emot data i en annan begäran just nu. Försök igen om en stund.' },
  rate_limited: { status: 429, message: 'För många försök. Vänta en stund och försök igen.' },
  headers_too_large: { status: 431, message: 'Begärans adress eller rubriker är för stora.' },
  read_only: {
    status: 503,
    message:
      'Kasus är i läsläge: allt går att läsa, men inget kan sparas just nu. Fortsätt fotografera till ett minneskort, ett kort per patient, märk kortet med patientens identitet och importera bilderna när Kasus är i drift igen. Anteckna annat på papper enligt reservrutinen.',
  },
  internal_error: { status: 500, message: 'Ett oväntat fel inträffade. Felet är loggat.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** Extra machine-readable fields sent beside code and message (e.g. the identifier rule). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

export const notFound = (message?: string) => new AppError('not_found', message);
export const forbidden = (message?: string) => new AppError('forbidden', message);
export const conflict = (message?: string) => new AppError('conflict', message);
export const validationFailed = (message: string, extra: Record<string, unknown> = {}) =>
  new AppError('validation_failed', message, extra);
