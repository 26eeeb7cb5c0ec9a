import { FFPROBE, run } from './process.js';
import { refuse } from './types.js';

export interface ProbeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  color_transfer?: string;
  duration?: string;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface ProbeResult {
  streams: ProbeStream[];
  format: { format_name?: string; duration?: string; tags?: Record<string, string> };
}

/** Demuxers ffmpeg may use on files whose demuxer we do not force (our own outputs). */
export const OUTPUT_DEMUXERS = 'mov,matroska,webm,mp3,wav,ogg';

export function inputArgs(path: string, demuxer: string | undefined): string[] {
  // Only local files, and only the demuxer we chose: never let ffmpeg follow playlists, URLs or other protocols.
  const format = demuxer !== undefined ? ['-f', demuxer] : ['-format_whitelist', OUTPUT_DEMUXERS];
  return ['-protocol_whitelist', 'file', ...format, '-i', `file:${path}`];
}

export async function ffprobe(
  path: string,
  demuxer: string | undefined,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<ProbeResult> {
  const input = inputArgs(path, demuxer);
  // ffprobe takes the input without -i
  const args = ['-hide_banner', '-v', 'error', ...input.slice(0, -2), '-show_format', '-show_streams', '-of', 'json', input.at(-1)!];
  const result = await run(FFPROBE, args, { ...options, maxStdoutBytes: 16 * 1024 * 1024 });
  if (result.code !== 0 || result.stdoutOverflow) {
    if (/moov atom not found|partial file|end of file/i.test(result.stderr)) throw refuse.truncated();
    throw refuse.corrupt();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.stdout.toString('utf8'));
  } catch {
    throw refuse.corrupt();
  }
  const p = parsed as Partial<ProbeResult>;
  if (!p.format || !Array.isArray(p.streams)) throw refuse.corrupt();
  return { streams: p.streams, format: p.format };
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Longest duration the container or any stream declares, in ms; undefined if none does. */
export function durationMs(probe: ProbeResult): number | undefined {
  const candidates = [seconds(probe.format.duration), ...probe.streams.map((s) => seconds(s.duration))].filter(
    (n): n is number => n !== undefined,
  );
  return candidates.length > 0 ? Math.round(Math.max(...candidates) * 1000) : undefined;
}

/** The first real video stream (not cover art attached to audio). */
export function firstVideo(probe: ProbeResult): ProbeStream | undefined {
  return probe.streams.find((s) => s.codec_type === 'video' && s.disposition?.['attached_pic'] !== 1 && s.disposition?.['timed_thumbnails'] !== 1);
}

export function firstAudio(probe: ProbeResult): ProbeStream | undefined {
  return probe.streams.find((s) => s.codec_type === 'audio');
}

export function rotationOf(stream: ProbeStream): number {
  const side = stream.side_data_list?.find((d) => typeof d.rotation === 'number');
  const tag = stream.tags?.['rotate'];
  const rotation = side?.rotation ?? (tag !== undefined ? Number(tag) : 0);
  return Number.isFinite(rotation) ? rotation : 0;
}

/** Displayed size: coded size, swapped when the display matrix turns the picture a quarter turn. */
export function displaySize(stream: ProbeStream): { width?: number; height?: number } {
  if (stream.width === undefined || stream.height === undefined) return {};
  const quarter = Math.abs(Math.round(rotationOf(stream) / 90)) % 2 === 1;
  return quarter ? { width: stream.height, height: stream.width } : { width: stream.width, height: stream.height };
}
