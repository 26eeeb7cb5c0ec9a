import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { h264VideoArgs, runFfmpeg, seiFilterArgs, STRIP_METADATA_ARGS } from '../media/sanitize/ffmpeg.js';
import { ffprobe, firstVideo } from '../media/sanitize/probe.js';
import { FFPROBE, run } from '../media/sanitize/process.js';

/** What a PACS cannot take is not retried: the job records it and stops. */
export class UnsendableMediaError extends Error {
  constructor(
    readonly code: 'too_large' | 'media_unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'UnsendableMediaError';
  }
}

/** The 4.102 stream is one fragment, whose length is a 32-bit number; far below that, a PACS will not take it either. */
export const MAX_VIDEO_BYTES = 1024 * 1024 * 1024;

/**
 * The picture as JPEG baseline for the DICOM file, made by sharp from the cleaned original: the
 * same pixels as Kasus shows (orientation was applied when it was cleaned), 8 bits, sRGB or grey,
 * no alpha, no metadata, not progressive (DICOM's JPEG baseline is sequential).
 */
export async function jpegForDicom(original: Buffer): Promise<{ jpeg: Buffer; width: number; height: number; channels: 1 | 3 }> {
  const { data, info } = await sharp(original, { failOn: 'error' })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 92, progressive: false, mozjpeg: false, chromaSubsampling: '4:2:0' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 && info.channels !== 3) throw new UnsendableMediaError('media_unreadable', `JPEG with ${info.channels} channels`);
  return { jpeg: data, width: info.width, height: info.height, channels: info.channels };
}

interface VideoFacts {
  width: number;
  height: number;
  frames: number;
  frameTimeMs: number;
}

/** Frames per second of ffprobe's "30000/1001". */
const rate = (text: string | undefined) => {
  const [n, d] = (text ?? '').split('/').map(Number);
  return n && d ? n / d : NaN;
};

/** Size, frame count and frame time of the MP4 made for DICOM. */
async function videoFacts(file: string, signal?: AbortSignal): Promise<VideoFacts> {
  const args = ['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', 'mov', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=width,height,avg_frame_rate,r_frame_rate,nb_read_packets', '-of', 'json', `file:${file}`];
  const result = await run(FFPROBE, args, { timeoutMs: 120_000, maxStdoutBytes: 1024 * 1024, ...(signal ? { signal } : {}) });
  if (result.code !== 0) throw new Error(`ffprobe of the DICOM video failed: ${result.stderr.slice(0, 300)}`);
  const stream = (JSON.parse(result.stdout.toString('utf8')) as { streams: Record<string, string | number>[] }).streams[0];
  const fps = rate(String(stream?.['avg_frame_rate'] ?? '')) || rate(String(stream?.['r_frame_rate'] ?? ''));
  const frames = Number(stream?.['nb_read_packets']);
  if (!stream || !Number.isFinite(fps) || fps <= 0 || !Number.isInteger(frames) || frames < 1) throw new Error('the DICOM video has no frames');
  return { width: Number(stream['width']), height: Number(stream['height']), frames, frameTimeMs: 1000 / fps };
}

/**
 * The video as MPEG-4 AVC/H.264 High Profile / Level 4.1 for the DICOM file (transfer syntax
 * 1.2.840.10008.1.2.4.102): at most 1920×1080 and 30 frames a second, 8-bit 4:2:0, the picture
 * only (a clinical recording's sound stays in Kasus), no metadata, in an MP4 with its index first.
 */
export async function h264ForDicom(source: string, output: string, signal?: AbortSignal): Promise<{ mp4: Buffer } & VideoFacts> {
  const probe = await ffprobe(source, undefined, { timeoutMs: 120_000, ...(signal ? { signal } : {}) });
  const video = firstVideo(probe);
  if (!video) throw new UnsendableMediaError('media_unreadable', 'no video stream');
  const fps = rate((video as { avg_frame_rate?: string }).avg_frame_rate) || rate((video as { r_frame_rate?: string }).r_frame_rate);
  const base = h264VideoArgs(video);
  const vf = base.indexOf('-vf');
  const fit = "scale=w='min(1920,iw)':h='min(1080,ih)':force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2";
  const videoArgs = vf >= 0 ? base.map((arg, i) => (i === vf + 1 ? `${arg},${fit}` : arg)) : ['-vf', fit, ...base];
  const outcome = await runFfmpeg({
    input: source,
    demuxer: undefined,
    output,
    outputArgs: [
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-profile:v', 'high', '-level:v', '4.1',
      ...videoArgs,
      ...(Number.isFinite(fps) && fps > 30 ? ['-r', '30'] : []),
      ...seiFilterArgs('h264'),
      ...STRIP_METADATA_ARGS,
      '-movflags', '+faststart', '-f', 'mp4',
    ],
    timeoutMs: 6 * 60 * 60_000,
    ...(signal ? { signal } : {}),
  });
  if (!outcome.ok) throw new Error(`ffmpeg could not make the DICOM video: ${outcome.stderr.slice(0, 300)}`);
  const facts = await videoFacts(output, signal);
  const mp4 = await readFile(output);
  if (mp4.length > MAX_VIDEO_BYTES) throw new UnsendableMediaError('too_large', `the video is ${Math.round(mp4.length / 1024 / 1024)} MB as H.264, more than a DICOM file can hold here`);
  return { mp4, ...facts };
}
