import { z } from 'zod';

const id = z.string().min(1).max(64);

/** Who else than the patient the picture shows (M8: one consent per person shown); shared with the de-identified copy's route. */
export const shownBystanders = z
  .strictObject({
    consentIds: z.array(id).max(50),
    unrecorded: z.boolean().optional(),
  })
  .optional();
export const BYSTANDERS_SUMMARY =
  'bystanders states who else the picture shows: consentIds, the written consents of those persons (bystanders\' consents of the same patient, ' +
  '[] for nobody else), and unrecorded: true when someone shown has no consent recorded; left out, the picture is taken to show only the patient. ' +
  'A shown person without a consent covering teaching today is refused 409 consent_required, reason bystander, with bystanders: [{consentId, ' +
  'description, reason (scope, revoked, expired, not_yet_valid, not_found, unrecorded)}]; revoking any of those consents withdraws the copy';
