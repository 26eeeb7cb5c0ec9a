import { durationMs, ffprobe, inputArgs, type ProbeResult, type ProbeStream } from './probe.js';
import { FFMPEG, run } from './process.js';
import { MediaRefusal, refuse } from './types.js';

/** Output-side flags that keep device metadata out and make the bytes reproducible. */
export const STRIP_METADATA_ARGS: readonly string[] = [
  '-map_metadata', '-1', // no global or per-stream tags (title, location/©xyz, make, model, creation_time, handler names…)
  '-map_chapters', '-1',
  '-fflags', '+bitexact', // no muxer version strings, zero creation times, fixed stream serials/UIDs
  '-flags:v', '+bitexact',
  '-flags:a', '+bitexact',
];

const COMMON_ARGS: readonly string[] = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];

/**
 * Bitstream filters that drop SEI messages from H.264 (NAL type 6) and HEVC (39, 40): user-data SEI carries encoder
 * banners and, on some cameras and drones, serial numbers or GPS. Display and decoding do not depend on them.
 */
export function seiFilterArgs(videoCodec: string | undefined): string[] {
  if (videoCodec === 'h264') return ['-bsf:v', 'filter_units=remove_types=6'];
  if (videoCodec === 'hevc') return ['-bsf:v', 'filter_units=remove_types=39|40'];
  return [];
}

const EVEN_SIZE = 'scale=trunc(iw/2)*2:trunc(ih/2)*2';
/** PQ/HLG (phones record HDR by default) → SDR BT.709, so 8-bit H.264 does not come out washed out. */
const HDR_TO_SDR = 'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv';

/** Video filter and colour tags for encoding `stream` to 8-bit 4:2:0 H.264 with an even size. */
export function h264VideoArgs(stream: ProbeStream | undefined): string[] {
  const hdr = stream?.color_transfer === 'smpte2084' || stream?.color_transfer === 'arib-std-b67';
  if (!hdr) return ['-vf', EVEN_SIZE, '-pix_fmt', 'yuv420p'];
  return [
    '-vf', `${HDR_TO_SDR},format=yuv420p,${EVEN_SIZE}`,
    '-pix_fmt', 'yuv420p', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-colorspace', 'bt709',
  ];
}

export interface FfmpegStep {
  input: string;
  /** Forced demuxer, or undefined for our own outputs (then restricted to OUTPUT_DEMUXERS). */
  demuxer: string | undefined;
  /** Options between the input and the output path, including `-f muxer`. */
  outputArgs: readonly string[];
  output: string;
  /** Options before the input (e.g. -ss). */
  preInputArgs?: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface FfmpegOutcome {
  ok: boolean;
  stderr: string;
}

export async function runFfmpeg(step: FfmpegStep): Promise<FfmpegOutcome> {
  const args = [
    ...COMMON_ARGS,
    ...(step.preInputArgs ?? []),
    ...inputArgs(step.input, step.demuxer),
    ...step.outputArgs,
    `file:${step.output}`,
  ];
  const options: { timeoutMs: number; signal?: AbortSignal } = { timeoutMs: step.timeoutMs };
  if (step.signal) options.signal = step.signal;
  const result = await run(FFMPEG, args, options);
  return { ok: result.code === 0, stderr: result.stderr };
}

/** A refusal for input that ffmpeg could not read. */
export function ffmpegFailure(stderr: string) {
  if (/moov atom not found|partial file|truncat|end of file|EOF/i.test(stderr)) return refuse.truncated();
  return refuse.corrupt();
}

/** Tags ffmpeg itself writes into clean outputs; anything else in a cleaned file means metadata leaked through. */
const ALLOWED_FORMAT_TAGS: Readonly<Record<string, (v: string) => boolean>> = {
  major_brand: () => true,
  minor_version: () => true,
  compatible_brands: () => true,
  encoder: (v) => v === 'Lavf' || /^Lavf[\d.]*$/.test(v),
};
const ALLOWED_STREAM_TAGS: Readonly<Record<string, (v: string) => boolean>> = {
  language: (v) => /^[a-z]{3}$/.test(v),
  handler_name: (v) => v === 'VideoHandler' || v === 'SoundHandler',
  vendor_id: (v) => v === '[0][0][0][0]',
  DURATION: () => true,
  // Set by ffmpeg when it encodes (bitexact form, no version): names our own encoder, e.g. "Lavc libx264".
  encoder: (v) => /^Lavc [\w-]+$/.test(v),
};

/** Throws if a probed output still carries tags other than the container boilerplate ffmpeg writes. */
export function assertNoMetadata(probe: ProbeResult, what: string): void {
  const leaks: string[] = [];
  for (const [key, value] of Object.entries(probe.format.tags ?? {})) {
    if (!ALLOWED_FORMAT_TAGS[key]?.(value)) leaks.push(`format:${key}`);
  }
  for (const stream of probe.streams) {
    for (const [key, value] of Object.entries(stream.tags ?? {})) {
      if (!ALLOWED_STREAM_TAGS[key]?.(value)) leaks.push(`stream${stream.index}:${key}`);
    }
  }
  if (leaks.length > 0) throw new Error(`metadata survived in ${what}: ${leaks.join(', ')}`);
}

export async function probeOutput(
  path: string,
  demuxer: string | undefined,
  options: { timeoutMs: number; signal?: AbortSignal },
): Promise<{ probe: ProbeResult; durationMs: number | undefined }> {
  let probe: ProbeResult;
  try {
    probe = await ffprobe(path, demuxer, options);
  } catch (err) {
    // A refusal here would be about our own output, i.e. a bug, not a verdict on the upload.
    if (err instanceof MediaRefusal) throw new Error(`cannot read our own output ${path}: ${err.code}`);
    throw err;
  }
  return { probe, durationMs: durationMs(probe) };
}

export function isEven(stream: ProbeStream): boolean {
  return stream.width !== undefined && stream.height !== undefined && stream.width % 2 === 0 && stream.height % 2 === 0;
}
