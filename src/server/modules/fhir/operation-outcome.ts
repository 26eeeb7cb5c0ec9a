import { ERRORS, type ErrorCode } from '../../http/errors.js';

/** The content type of every answer under /fhir/R4, resources and errors alike. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Where the FHIR R4 read API lives (issue 15, I2). */
export const FHIR_BASE_PATH = '/fhir/R4';

/** Kasus's own error code travels in the issue's details, in this code system. */
export const KASUS_ERROR_SYSTEM = 'urn:kasus:fhir:error-code';

/** The OperationOutcome issue type (http://hl7.org/fhir/issue-type) of an HTTP status. */
function issueType(status: number, code: string): string {
  if (code === 'invalid_identifier' || code === 'invalid_date' || code === 'invalid_text') return 'value';
  if (code === 'not_supported' || code === 'identifier_in_url') return 'not-supported';
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'login';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
    case 415:
      return 'not-supported';
    case 408:
      return 'timeout';
    case 409:
      return 'conflict';
    case 413:
    case 414:
    case 431:
      return 'too-long';
    case 429:
      return 'throttled';
    case 503:
      return 'transient';
    default:
      return status >= 500 ? 'exception' : 'processing';
  }
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: { severity: 'error' | 'fatal'; code: string; details: { coding: { system: string; code: string }[]; text: string }; diagnostics: string }[];
}

/**
 * An error as FHIR answers it: an OperationOutcome with one issue whose type follows the HTTP status,
 * whose details carry Kasus's own code (the `code` of the REST API's `{ code, message }`) and whose
 * diagnostics is the message people read.
 */
export function operationOutcome(status: number, code: string, message: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: status >= 500 ? 'fatal' : 'error',
        code: issueType(status, code),
        details: { coding: [{ system: KASUS_ERROR_SYSTEM, code }], text: message },
        diagnostics: message,
      },
    ],
  };
}

/** The OperationOutcome of one of Kasus's error codes, with its default message unless one is given. */
export function outcomeOf(code: ErrorCode, message?: string): { status: number; body: OperationOutcome } {
  const status = ERRORS[code].status;
  return { status, body: operationOutcome(status, code, message ?? ERRORS[code].message) };
}

/** Whether a request's path is under the FHIR API (errors there are OperationOutcomes). */
export const isFhirPath = (url: string): boolean => url === FHIR_BASE_PATH || url.startsWith(`${FHIR_BASE_PATH}/`) || url.startsWith(`${FHIR_BASE_PATH}?`);
