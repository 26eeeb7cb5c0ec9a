import { durationMs, ffprobe, firstVideo, displaySize } from '../media/sanitize/probe.js';
import { runFfmpeg, STRIP_METADATA_ARGS } from '../media/sanitize/ffmpeg.js';
import type { DeidentifyEdits } from './deidentify-edits.js';

export interface EditedVideo {
  width: number;
  height: number;
  durationMs: number;
}

/** The upright size and length of a stored video (the cleaned original is an MP4 of our own). */
export async function videoInfo(path: string): Promise<{ width: number; height: number; durationMs: number }> {
  const probe = await ffprobe(path, undefined, { timeoutMs: 30_000 });
  const stream = firstVideo(probe);
  const size = stream ? displaySize(stream) : {};
  return { width: size.width ?? 0, height: size.height ?? 0, durationMs: durationMs(probe) ?? 0 };
}

/**
 * The ffmpeg filter of a video's edits: each rectangle blacked out over the whole clip (drawbox,
 * filled), then the crop, then an even size for H.264. Only black rectangles: a moving face would need
 * tracking, which a fixed region does not pretend to do.
 */
export function videoFilter(edits: DeidentifyEdits): string {
  const parts: string[] = [];
  for (const r of edits.regions) {
    if (r.shape !== 'rect') continue;
    parts.push(`drawbox=x=${r.x}:y=${r.y}:w=${r.width}:h=${r.height}:color=black:t=fill`);
  }
  if (edits.crop) parts.push(`crop=${edits.crop.width}:${edits.crop.height}:${edits.crop.x}:${edits.crop.y}`);
  parts.push('scale=trunc(iw/2)*2:trunc(ih/2)*2', 'format=yuv420p');
  return parts.join(',');
}

/**
 * Writes the de-identified video to `output` (MP4, H.264, no sound — a voice or a spoken name is as
 * telling as a face — and no metadata): trimmed, blacked out and cropped on the server with ffmpeg.
 * Returns false when ffmpeg could not make it.
 */
export async function deidentifyVideo(input: string, output: string, edits: DeidentifyEdits, signal?: AbortSignal): Promise<EditedVideo | undefined> {
  const trim = edits.trim ? ['-ss', (edits.trim.startMs / 1000).toFixed(3), '-to', (edits.trim.endMs / 1000).toFixed(3)] : [];
  const result = await runFfmpeg({
    input,
    demuxer: undefined,
    outputArgs: [
      ...trim,
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', videoFilter(edits),
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-threads', '2',
      ...STRIP_METADATA_ARGS,
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
    output,
    timeoutMs: 10 * 60_000,
    ...(signal ? { signal } : {}),
  });
  if (!result.ok) return undefined;
  return videoInfo(output);
}
