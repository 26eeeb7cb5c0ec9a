// Compile-time check, run by `npm run typecheck` (tsconfig.test.json): the web client's hand-written
// types for the offline viewer's routes (src/web/viewer-schema.ts) are exactly what the viewer's
// schemas (src/offline/serve.ts) accept and answer. A field added, removed or retyped on one side
// only makes one of the constants below fail to compile.
import type { z } from 'zod';
import type { viewerPrintAnswer, viewerPrintBody, viewerStatusAnswer } from '../../src/offline/serve.js';
import type { viewerPaths } from '../../src/web/viewer-schema.js';

type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;

type Status = viewerPaths['/api/offline/status']['get'];
type Print = viewerPaths['/api/offline/prints']['post'];

export const statusAnswerMatches: Same<Json<Status['responses'][200]>, z.output<typeof viewerStatusAnswer>> = true;
export const printBodyMatches: Same<Json<Print['requestBody']>, z.input<typeof viewerPrintBody>> = true;
export const printAnswerMatches: Same<Json<Print['responses'][201]>, z.output<typeof viewerPrintAnswer>> = true;
