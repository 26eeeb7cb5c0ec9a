// The offline-copy viewer's own routes (src/offline/serve.ts, `kasus offline-copy serve`) in the
// shape of the generated ./api-schema.ts, so the typed client (./api.ts) checks them like the
// server's. They are not in the server's OpenAPI document (the normal server answers 404 to them),
// so they are written here by hand; test/types/viewer-schema.ts fails the type check when they and
// the schemas in serve.ts differ.

type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type Refusal = Json<{ code: string; message: string } & { [key: string]: unknown }>;

export interface viewerPaths {
  '/api/offline/status': {
    parameters: NoParameters;
    /** The copy this viewer serves: when its snapshot was made and how old it is */
    get: {
      parameters: NoParameters;
      requestBody?: never;
      responses: {
        200: Json<{
          snapshotAt: string;
          sequence: number;
          ageMinutes: number;
          workstation: { id: string; name: string };
          timeZone: string;
        }>;
        404: Refusal;
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/offline/prints': {
    parameters: NoParameters;
    get?: never;
    put?: never;
    /** Logs the print of a case from the copy, with its reason (asked before the browser prints) */
    post: {
      parameters: NoParameters;
      requestBody: { content: { 'application/json': { caseId: string; reason: string } } };
      responses: {
        201: Json<{ at: string; reason: string; sequence: number }>;
        400: Refusal;
        401: Refusal;
        403: Refusal;
        404: Refusal;
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
