import { z } from 'zod';
import { mediaEditSchema } from './media-edit.js';

const derivative = z.object({ mime: z.string(), width: z.number().optional(), height: z.number().optional() });

export const mediaView = z.object({
  id: z.string(),
  caseId: z.string(),
  status: z.string(),
  kind: z.enum(['image', 'video', 'audio']),
  mime: z.string().nullable(),
  width: z.number().optional(),
  height: z.number().optional(),
  durationMs: z.number().optional(),
  sha256: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  originalFilename: z.string(),
  capturedAt: z.string().nullable(),
  /** The camera the file named before it was cleaned (issue 19); absent when it named none. */
  cameraMake: z.string().optional(),
  cameraModel: z.string().optional(),
  /** What the uploader cut away before adding the file (issue 16), as sent; absent when it was added whole. */
  edit: mediaEditSchema.optional(),
  caption: z.string().nullable(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  derivatives: z.object({
    thumbnail: derivative.optional(),
    preview: derivative.optional(),
    poster: derivative.optional(),
    playable: derivative.optional(),
  }),
});

export const refusal = z.object({ filename: z.string(), code: z.string(), message: z.string(), existingId: z.string().optional() });

export const uploadResult = z.object({
  items: z.array(z.object({ id: z.string(), status: z.string(), filename: z.string() })),
  refused: z.array(refusal),
});
