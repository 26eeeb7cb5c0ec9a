import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { MediaTimeoutError, refuse } from './types.js';

/**
 * HEVC-coded HEIF ("HEIC", as iPhones and many Android phones write) is decoded with libheif compiled to
 * WebAssembly (the `libheif-js` build that `heic-decode` wraps): sharp's bundled libvips has no HEVC decoder, and
 * WebAssembly needs no native library or download. heic-decode's own entry point decodes the *first* top-level
 * image, which is not always the primary one (`pitm`); this module asks libheif for the primary image instead.
 *
 * The decode runs in a worker thread: it is synchronous WebAssembly that would otherwise stall the event loop of a
 * process that also serves HTTP, and a worker can be terminated on timeout or abort. libheif applies the HEIF
 * transformations (clean aperture, `irot`, `imir`) while decoding, so the pixels come back as displayed. They come
 * back once, as interleaved RGBA, and are handed to sharp as raw input without a copy.
 */

const requireHere = createRequire(import.meta.url);
let libheifPath: string | undefined;

/** libheif-js's WebAssembly bundle, resolved from heic-decode (whose dependency it is). */
function libheif(): string {
  libheifPath ??= createRequire(requireHere.resolve('heic-decode')).resolve('libheif-js/wasm-bundle');
  return libheifPath;
}

/** Runs in the worker (CommonJS, eval). Posts { width, height, data } or { verdict, width?, height?, detail }. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const lib = require(workerData.libheif);
(async () => {
  const file = workerData.file;
  await lib.ready;
  const decoder = new lib.HeifDecoder();
  const images = decoder.decode(file);
  try {
    if (!images.length) return parentPort.postMessage({ verdict: 'corrupt', detail: 'no image' });
    const primary = images.find((image) => image.is_primary()) || images[0];
    const width = primary.get_width();
    const height = primary.get_height();
    if (!(width > 0 && height > 0)) return parentPort.postMessage({ verdict: 'corrupt', detail: 'no size' });
    if (width * height > workerData.maxPixels) return parentPort.postMessage({ verdict: 'too_many_pixels', width, height });
    const out = await new Promise((resolve) => primary.display({ data: new Uint8ClampedArray(width * height * 4), width, height }, resolve));
    if (!out) return parentPort.postMessage({ verdict: 'corrupt', detail: 'decoding failed' });
    parentPort.postMessage({ width, height, data: out.data }, [out.data.buffer]);
  } finally {
    for (const image of images) image.free();
    if (decoder.decoder) lib.heif_context_free(decoder.decoder);
  }
})().catch((err) => parentPort.postMessage({ verdict: 'corrupt', detail: String((err && err.message) || err) }));
`;

export interface DecodedImage {
  width: number;
  height: number;
  /** Interleaved RGBA, 8 bits per channel, as displayed. */
  rgba: Buffer;
}

type WorkerReply =
  | { width: number; height: number; data: Uint8ClampedArray }
  | { verdict: 'corrupt' | 'too_many_pixels'; width?: number; height?: number; detail?: string };

/**
 * Decode the primary image of a HEVC-coded HEIF file. Throws MediaRefusal (corrupt, too_many_pixels),
 * MediaTimeoutError, or the abort reason.
 */
export async function decodeHeif(
  path: string,
  options: { maxPixels: number; timeoutMs: number; signal?: AbortSignal },
): Promise<DecodedImage> {
  options.signal?.throwIfAborted();
  const file = await readFile(path); // I/O errors are not verdicts on the file: read here, not in the worker
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(options.signal.reason ?? new Error('aborted'));
      return;
    }
    // stdout/stderr are captured (libheif-js logs failures with console.log) and dropped.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, libheif: libheif(), maxPixels: options.maxPixels },
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(() => finish(() => reject(new MediaTimeoutError('libheif', options.timeoutMs))), options.timeoutMs);
    const onAbort = () => finish(() => reject(options.signal?.reason ?? new Error('aborted')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: WorkerReply) => {
      finish(() => {
        if ('data' in reply) {
          const rgba = Buffer.from(reply.data.buffer, reply.data.byteOffset, reply.data.byteLength);
          if (rgba.length !== reply.width * reply.height * 4) reject(refuse.corrupt());
          else resolve({ width: reply.width, height: reply.height, rgba });
        } else if (reply.verdict === 'too_many_pixels') {
          reject(refuse.tooManyPixels(reply.width ?? 0, reply.height ?? 0, options.maxPixels));
        } else {
          reject(refuse.corrupt());
        }
      });
    });
    // A crash inside the decoder (e.g. WebAssembly out of memory on a hostile file) is a verdict on the file.
    worker.on('error', () => finish(() => reject(refuse.corrupt())));
    worker.on('exit', () => finish(() => reject(refuse.corrupt())));
  });
}
