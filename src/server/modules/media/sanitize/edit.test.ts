import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEDIA_LIMITS, MediaRefusal, cleanMedia, inspectUpload } from './index.js';
import type { MediaEdit } from './types.js';
import { ffmpeg, ffprobeJson, rawImage, tempDir } from './test-fixtures.js';

let tmp: Awaited<ReturnType<typeof tempDir>>;
const p = (name: string) => tmp.path(name);

async function clean(file: string, out: string, edit: MediaEdit) {
  return cleanMedia(p(file), p(out), await inspectUpload(p(file), file), DEFAULT_MEDIA_LIMITS, { edit });
}

async function refusal(promise: Promise<unknown>): Promise<MediaRefusal> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(MediaRefusal);
  return error as MediaRefusal;
}

beforeAll(async () => {
  tmp = await tempDir();
  await rawImage(300, 200, 3).png().toFile(p('noise.png'));
  // Written as a live stream: no duration in the file (as a browser's MediaRecorder makes them).
  await ffmpeg([
    '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '4',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-live', '1', '-f', 'webm', p('live.webm'),
  ]);
});
afterAll(() => tmp.remove());

describe('edits made while cleaning', () => {
  it('crops a PNG to exactly the rectangle asked for', async () => {
    const result = await clean('noise.png', 'cropped.png', { crop: { x: 10, y: 20, width: 100, height: 50 } });
    expect(result).toMatchObject({ kind: 'image', width: 100, height: 50 });
    const expected = await sharp(p('noise.png')).extract({ left: 10, top: 20, width: 100, height: 50 }).removeAlpha().raw().toBuffer();
    const got = await sharp(p('cropped.png')).removeAlpha().raw().toBuffer();
    expect(got.equals(expected)).toBe(true);
  });

  it('refuses a crop outside the picture, a trim of a picture and a crop of a recording', async () => {
    expect((await refusal(clean('noise.png', 'x.png', { crop: { x: 250, y: 0, width: 100, height: 10 } }))).message).toMatch(/300 × 200/);
    expect((await refusal(clean('noise.png', 'y.png', { trim: { startMs: 0, endMs: 100 } }))).code).toBe('invalid_edit');
    expect((await refusal(clean('live.webm', 'z.mp4', { crop: { x: 0, y: 0, width: 10, height: 10 } }))).code).toBe('invalid_edit');
  });

  it('trims a recording without a declared length, and refuses a trim past its end found only from the output', async () => {
    const result = await clean('live.webm', 'trimmed.mp4', { trim: { startMs: 1000, endMs: 3000 } });
    expect(result.mime).toBe('video/mp4'); // re-encoded, never a stream copy from an earlier keyframe
    expect(Math.abs(result.durationMs! - 2000)).toBeLessThanOrEqual(150);
    expect(Math.abs(Number((await ffprobeJson(p('trimmed.mp4'))).format.duration) * 1000 - 2000)).toBeLessThanOrEqual(150);
    const past = await refusal(clean('live.webm', 'past.mp4', { trim: { startMs: 1000, endMs: 9000 } }));
    expect(past.code).toBe('invalid_edit');
    expect(past.message).toMatch(/inspelningen är bara 0:04/);
  });
});
