import sharp, { type Sharp } from 'sharp';
import { AAC_MASTER_ARGS } from './clean-av.js';
import { STRIP_METADATA_ARGS, assertNoMetadata, h264VideoArgs, isEven, probeOutput, runFfmpeg, seiFilterArgs } from './ffmpeg.js';
import { writeAtomically } from './files.js';
import { displaySize, durationMs, ffprobe, firstAudio, firstVideo, inputArgs } from './probe.js';
import { FFMPEG, run } from './process.js';
import type { DerivativeResult, JobOptions, MediaKind } from './types.js';

export const THUMBNAIL_SIZE = 256;
export const PREVIEW_SIZE = 1600;
export const POSTER_SIZE = 1600;
const THUMBNAIL_JPEG = { quality: 80, mozjpeg: false } as const;
const PREVIEW_JPEG = { quality: 85, mozjpeg: false } as const;
const IMAGE_TIMEOUT_MS = 2 * 60_000;
const PROBE_TIMEOUT_MS = 60_000;
const FRAME_TIMEOUT_MS = 2 * 60_000;
const PLAYABLE_MIN_TIMEOUT_MS = 10 * 60_000;

/** Derivatives read files we produced ourselves, so no pixel limit; the clean step already enforced it. */
function openClean(path: string | Buffer): Sharp {
  return sharp(path, { limitInputPixels: false, failOn: 'error', sequentialRead: true });
}

async function jpegWithin(
  input: Sharp,
  box: number,
  jpeg: { quality: number; mozjpeg: boolean },
  outPath: string,
  options: JobOptions,
): Promise<DerivativeResult> {
  options.signal?.throwIfAborted();
  const info = await writeAtomically(outPath, (tmp) =>
    input
      .timeout({ seconds: Math.ceil((options.timeoutMs ?? IMAGE_TIMEOUT_MS) / 1000) })
      .rotate()
      .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg(jpeg)
      .toFile(tmp),
  );
  options.signal?.throwIfAborted();
  return { mime: 'image/jpeg', width: info.width, height: info.height };
}

function signalOf(options: JobOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

/** One frame of the clean video as PNG, about a second in (or earlier for very short clips), display-rotated. */
async function posterFrame(cleanPath: string, options: JobOptions): Promise<Buffer> {
  const probe = await ffprobe(cleanPath, undefined, { timeoutMs: PROBE_TIMEOUT_MS, ...signalOf(options) });
  const duration = durationMs(probe) ?? 0;
  const at = Math.min(1000, duration * 0.25) / 1000;
  for (const seek of at > 0 ? [at, 0] : [0]) {
    const result = await run(
      FFMPEG,
      [
        '-hide_banner', '-nostdin', '-loglevel', 'error',
        '-ss', seek.toFixed(3),
        ...inputArgs(cleanPath, undefined),
        '-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-dn',
        '-f', 'image2pipe', '-c:v', 'png', 'pipe:1',
      ],
      { timeoutMs: options.timeoutMs ?? FRAME_TIMEOUT_MS, maxStdoutBytes: 512 * 1024 * 1024, ...signalOf(options) },
    );
    if (result.code === 0 && result.stdout.length > 0) return result.stdout;
  }
  throw new Error(`no frame could be extracted from ${cleanPath}`);
}

/** 256 px (longest side) JPEG: of the image, or of the video's poster frame; null for audio. */
export async function makeThumbnail(
  cleanPath: string,
  kind: MediaKind,
  outPath: string,
  options: JobOptions = {},
): Promise<DerivativeResult | null> {
  if (kind === 'image') return jpegWithin(openClean(cleanPath), THUMBNAIL_SIZE, THUMBNAIL_JPEG, outPath, options);
  if (kind === 'video') {
    const frame = await posterFrame(cleanPath, options);
    return jpegWithin(openClean(frame), THUMBNAIL_SIZE, THUMBNAIL_JPEG, outPath, options);
  }
  return null;
}

/** About 1600 px (longest side) JPEG for viewing images; null for video and audio. */
export async function makePreview(
  cleanPath: string,
  kind: MediaKind,
  outPath: string,
  options: JobOptions = {},
): Promise<DerivativeResult | null> {
  if (kind !== 'image') return null;
  return jpegWithin(openClean(cleanPath), PREVIEW_SIZE, PREVIEW_JPEG, outPath, options);
}

/** Video poster frame as JPEG (at most 1600 px); null for images and audio. */
export async function makePoster(
  cleanPath: string,
  kind: MediaKind,
  outPath: string,
  options: JobOptions = {},
): Promise<DerivativeResult | null> {
  if (kind !== 'video') return null;
  const frame = await posterFrame(cleanPath, options);
  return jpegWithin(openClean(frame), POSTER_SIZE, PREVIEW_JPEG, outPath, options);
}

const BROWSER_H264_PROFILES = new Set(['Baseline', 'Constrained Baseline', 'Main', 'High']);

/**
 * Something every browser plays: video → H.264 (yuv420p, even size) + AAC in MP4 with the index first (+faststart);
 * audio → AAC in M4A. Stream-copied when the clean file already is that, otherwise transcoded. Null for images.
 */
export async function makePlayable(
  cleanPath: string,
  kind: MediaKind,
  outPath: string,
  options: JobOptions = {},
): Promise<DerivativeResult | null> {
  if (kind === 'image') return null;
  const probe = await ffprobe(cleanPath, undefined, { timeoutMs: PROBE_TIMEOUT_MS, ...signalOf(options) });
  const video = kind === 'video' ? firstVideo(probe) : undefined;
  const audio = firstAudio(probe);
  if (kind === 'video' && !video) throw new Error(`no video stream in ${cleanPath}`);
  if (kind === 'audio' && !audio) throw new Error(`no audio stream in ${cleanPath}`);
  const isMp4Family = (probe.format.format_name ?? '').split(',').includes('mp4');
  const audioAac = audio === undefined || (audio.codec_name === 'aac' && (audio.profile ?? 'LC') === 'LC');
  const duration = durationMs(probe) ?? 0;
  const timeoutMs = options.timeoutMs ?? Math.max(PLAYABLE_MIN_TIMEOUT_MS, 3 * duration);

  let outputArgs: string[];
  if (video) {
    const hdr = video.color_transfer === 'smpte2084' || video.color_transfer === 'arib-std-b67';
    const videoOk =
      video.codec_name === 'h264' && video.pix_fmt === 'yuv420p' && !hdr && isEven(video) && BROWSER_H264_PROFILES.has(video.profile ?? '');
    const copy = isMp4Family && videoOk && audioAac;
    outputArgs = [
      '-map', '0:v:0', '-map', '0:a:0?',
      ...(copy
        ? ['-c', 'copy', ...seiFilterArgs('h264')]
        : [
            '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-profile:v', 'high',
            ...h264VideoArgs(video), ...seiFilterArgs('h264'),
            '-c:a', 'aac', '-b:a', '128k',
          ]),
      ...STRIP_METADATA_ARGS,
      '-movflags', '+faststart', '-f', 'mp4',
    ];
  } else {
    const copy = isMp4Family && audioAac;
    outputArgs = [
      '-map', '0:a:0', '-vn',
      ...(copy ? ['-c', 'copy'] : AAC_MASTER_ARGS),
      ...STRIP_METADATA_ARGS,
      '-movflags', '+faststart', '-f', 'ipod',
    ];
  }

  return writeAtomically(outPath, async (tmp) => {
    const outcome = await runFfmpeg({ input: cleanPath, demuxer: undefined, outputArgs, output: tmp, timeoutMs, ...signalOf(options) });
    if (!outcome.ok) throw new Error(`ffmpeg could not make a playable copy of ${cleanPath}: ${outcome.stderr.trim()}`);
    const out = await probeOutput(tmp, 'mov', { timeoutMs: PROBE_TIMEOUT_MS, ...signalOf(options) });
    assertNoMetadata(out.probe, 'playable copy');
    const outVideo = firstVideo(out.probe);
    if (outVideo) return { mime: 'video/mp4', ...displaySize(outVideo) };
    return { mime: 'audio/mp4' };
  });
}
