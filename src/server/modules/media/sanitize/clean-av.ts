import {
  STRIP_METADATA_ARGS,
  assertNoMetadata,
  ffmpegFailure,
  h264VideoArgs,
  probeOutput,
  runFfmpeg,
  seiFilterArgs,
} from './ffmpeg.js';
import { writeAtomically } from './files.js';
import { neutralizeHevcConfigSei } from './hvcc.js';
import { FORMATS, type FormatId } from './formats.js';
import { displaySize, durationMs, ffprobe, firstAudio, firstVideo, type ProbeStream } from './probe.js';
import { MediaRefusal, refuse, type CleanResult, type JobOptions, type MediaKind, type MediaLimits } from './types.js';

type Container = 'mp4' | 'm4a' | 'webm' | 'mp3' | 'wav' | 'ogg';

interface ContainerSpec {
  muxer: string;
  demuxer: string;
  ext: string;
  mime: (kind: MediaKind) => string;
  args: readonly string[];
  /** Codecs that may be stream-copied into this container (anything else is transcoded). */
  video: ReadonlySet<string>;
  audio: (codec: string) => boolean;
}

const set = (...codecs: string[]): ReadonlySet<string> => new Set(codecs);

const CONTAINERS: Readonly<Record<Container, ContainerSpec>> = {
  mp4: {
    muxer: 'mp4',
    demuxer: 'mov',
    ext: 'mp4',
    mime: () => 'video/mp4',
    args: ['-movflags', '+faststart'],
    // Not MJPEG, ProRes, MPEG-4 part 2 …: their frames can carry EXIF/user data, so they are re-encoded.
    video: set('h264', 'hevc', 'av1', 'vp9'),
    audio: (c) => ['aac', 'mp3', 'alac', 'opus'].includes(c),
  },
  m4a: {
    muxer: 'ipod',
    demuxer: 'mov',
    ext: 'm4a',
    mime: () => 'audio/mp4',
    args: ['-movflags', '+faststart'],
    video: set(),
    audio: (c) => c === 'aac' || c === 'alac',
  },
  webm: {
    muxer: 'webm',
    demuxer: 'matroska',
    ext: 'webm',
    mime: (kind) => (kind === 'video' ? 'video/webm' : 'audio/webm'),
    args: [],
    video: set('vp8', 'vp9', 'av1'),
    audio: (c) => c === 'opus' || c === 'vorbis',
  },
  mp3: {
    muxer: 'mp3',
    demuxer: 'mp3',
    ext: 'mp3',
    mime: () => 'audio/mpeg',
    args: ['-id3v2_version', '0', '-write_id3v1', '0'], // no ID3 tags at all
    video: set(),
    audio: (c) => c === 'mp3',
  },
  wav: {
    muxer: 'wav',
    demuxer: 'wav',
    ext: 'wav',
    mime: () => 'audio/wav',
    args: [], // bitexact: no LIST/INFO chunk; no bext chunk unless asked for
    video: set(),
    audio: (c) => /^pcm_(s16le|s24le|s32le|f32le|f64le|u8|alaw|mulaw)$/.test(c),
  },
  ogg: {
    muxer: 'ogg',
    demuxer: 'ogg',
    ext: 'ogg',
    mime: () => 'audio/ogg',
    args: [], // comment headers are rebuilt from (now empty) metadata
    video: set(),
    audio: (c) => c === 'vorbis' || c === 'opus',
  },
};

function containerFor(format: FormatId, kind: MediaKind): Container {
  if (kind === 'video') return format === 'webm' ? 'webm' : 'mp4';
  switch (format) {
    case 'isobmff':
      return 'm4a';
    case 'webm':
      return 'webm';
    case 'mp3':
      return 'mp3';
    case 'wav':
      return 'wav';
    case 'ogg':
      return 'ogg';
    default:
      throw new Error(`not an AV format: ${format}`);
  }
}

const PROBE_TIMEOUT_MS = 60_000;
const REMUX_TIMEOUT_MS = 10 * 60_000;

/**
 * x264 settings for the fallback master (when stream copy is impossible): visually lossless CRF 18, a fixed thread
 * count so the same input gives the same bytes on any machine.
 */
export const X264_MASTER_ARGS: readonly string[] = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-threads', '4'];
export const AAC_MASTER_ARGS: readonly string[] = ['-c:a', 'aac', '-b:a', '192k'];

export async function cleanAv(
  inPath: string,
  outPath: string,
  format: FormatId,
  limits: MediaLimits,
  options: JobOptions = {},
): Promise<CleanResult> {
  const demuxer = FORMATS[format].demuxer;
  if (demuxer === undefined) throw new Error(`not an AV format: ${format}`);
  const signalOpt = options.signal ? { signal: options.signal } : {};
  const probeTimeoutMs = Math.min(PROBE_TIMEOUT_MS, options.timeoutMs ?? PROBE_TIMEOUT_MS);
  const probe = await ffprobe(inPath, demuxer, { timeoutMs: probeTimeoutMs, ...signalOpt });

  const video = firstVideo(probe);
  const audio = firstAudio(probe);
  if (!video && !audio) throw refuse.corrupt();
  const kind: MediaKind = video ? 'video' : 'audio';

  const declared = durationMs(probe);
  if (declared !== undefined && declared > limits.maxDurationMs) throw refuse.tooLong(declared, limits.maxDurationMs);
  if (video?.width !== undefined && video.height !== undefined && video.width * video.height > limits.maxPixels) {
    throw refuse.tooManyPixels(video.width, video.height, limits.maxPixels);
  }
  const trim = trimOf(options, declared);
  // Without a declared duration (live recordings), stop just past the limit and judge the output.
  const durationCap = trim
    ? ['-t', ((trim.endMs - trim.startMs) / 1000).toFixed(3)]
    : declared === undefined
      ? ['-t', ((limits.maxDurationMs + 1000) / 1000).toFixed(3)]
      : [];

  const maps = [...(video ? ['-map', `0:${video.index}`] : []), ...(audio ? ['-map', `0:${audio.index}`] : [])];
  const copyInto = containerFor(format, kind);
  const copySpec = CONTAINERS[copyInto];
  // A trimmed recording is always re-encoded: a stream copy starts at a keyframe, and the frames before the cut
  // that it would carry (hidden only by an edit list) are exactly what the uploader cut away.
  const copyable =
    !trim &&
    (!video || copySpec.video.has(video.codec_name ?? '')) && (!audio || copySpec.audio(audio.codec_name ?? ''));

  return writeAtomically(outPath, async (tmp) => {
    let container: Container | undefined;
    let lastError = '';
    if (copyable) {
      const outcome = await runFfmpeg({
        input: inPath,
        demuxer,
        outputArgs: [
          ...maps,
          '-c', 'copy',
          ...seiFilterArgs(video?.codec_name),
          ...(video?.codec_name === 'hevc' && copyInto === 'mp4' ? ['-tag:v', 'hvc1'] : []),
          ...STRIP_METADATA_ARGS,
          ...durationCap,
          '-max_muxing_queue_size', '4096',
          ...copySpec.args,
          '-f', copySpec.muxer,
        ],
        output: tmp,
        timeoutMs: options.timeoutMs ?? REMUX_TIMEOUT_MS,
        ...signalOpt,
      });
      if (outcome.ok) {
        container = copyInto;
        if (video?.codec_name === 'hevc' && copyInto === 'mp4') await neutralizeHevcConfigSei(tmp);
      } else {
        lastError = outcome.stderr;
      }
    }
    if (container === undefined) {
      // Remux impossible (codec not allowed or not muxable): re-encode into H.264/AAC MP4 (or AAC M4A).
      const target: Container = video ? 'mp4' : 'm4a';
      const spec = CONTAINERS[target];
      const outcome = await runFfmpeg({
        input: inPath,
        demuxer,
        // Seeking on the input while decoding is frame-accurate: the output begins at the first frame at or after it.
        ...(trim ? { preInputArgs: ['-ss', (trim.startMs / 1000).toFixed(3)] } : {}),
        outputArgs: [
          ...maps,
          ...(video ? [...X264_MASTER_ARGS, ...h264VideoArgs(video), ...seiFilterArgs('h264')] : []),
          ...(audio ? AAC_MASTER_ARGS : []),
          ...STRIP_METADATA_ARGS,
          ...durationCap,
          '-max_muxing_queue_size', '4096',
          ...spec.args,
          '-f', spec.muxer,
        ],
        output: tmp,
        timeoutMs: options.timeoutMs ?? Math.max(REMUX_TIMEOUT_MS, 3 * (declared ?? limits.maxDurationMs)),
        ...signalOpt,
      });
      if (!outcome.ok) throw ffmpegFailure(`${lastError}\n${outcome.stderr}`);
      container = target;
    }

    const spec = CONTAINERS[container];
    const out = await probeOutput(tmp, spec.demuxer, { timeoutMs: probeTimeoutMs, ...signalOpt });
    assertNoMetadata(out.probe, 'cleaned file');
    if (out.durationMs !== undefined && out.durationMs > limits.maxDurationMs) {
      throw refuse.tooLong(declared === undefined ? undefined : out.durationMs, limits.maxDurationMs);
    }
    if (trim) checkTrimmed(trim, out.durationMs, declared);
    const outVideo = firstVideo(out.probe);
    if (!outVideo && !firstAudio(out.probe)) throw refuse.corrupt();
    const result: CleanResult = { kind, mime: spec.mime(kind), ext: spec.ext };
    if (outVideo) Object.assign(result, displaySize(outVideo as ProbeStream));
    if (out.durationMs !== undefined) result.durationMs = out.durationMs;
    return result;
  });
}

/** How far a trimmed recording's length may be from the stretch asked for (a frame, an audio packet, rounding). */
const TRIM_TOLERANCE_MS = 300;

/** The stretch to keep, checked against the declared length (its end held to it when just past, as a player rounds). */
function trimOf(options: JobOptions, declared: number | undefined): { startMs: number; endMs: number } | undefined {
  const edit = options.edit;
  if (!edit) return undefined;
  if (!('trim' in edit)) throw new MediaRefusal('invalid_edit', 'En video eller ljudfil kan inte beskäras, bara trimmas.');
  const { startMs, endMs } = edit.trim;
  if (endMs <= startMs) throw new MediaRefusal('invalid_edit', 'Trimningens slut måste komma efter dess början.');
  if (declared === undefined) return { startMs, endMs };
  if (startMs >= declared || endMs > declared + TRIM_TOLERANCE_MS) throw refuse.trimOutside(endMs, declared);
  return { startMs, endMs: Math.min(endMs, declared) };
}

/** The trimmed file is as long as the stretch asked for; a shorter one means the stretch went past the recording's end. */
function checkTrimmed(trim: { startMs: number; endMs: number }, outMs: number | undefined, declared: number | undefined): void {
  const wanted = trim.endMs - trim.startMs;
  if (outMs !== undefined && Math.abs(outMs - wanted) <= TRIM_TOLERANCE_MS) return;
  // Without a declared length (a live recording), only the output tells where the recording ended.
  if (declared === undefined && (outMs === undefined || outMs < wanted)) throw refuse.trimOutside(trim.endMs, trim.startMs + (outMs ?? 0));
  throw new Error(`trimmed recording is ${outMs ?? 'of unknown'} ms long, ${wanted} ms were asked for`);
}
