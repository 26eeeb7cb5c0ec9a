import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { AppError } from '../../http/errors.js';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

const require = createRequire(import.meta.url);
/** The longest side the detector looks at; boxes are scaled back to the picture's pixels. */
const DETECT_SIZE = 640;

/**
 * Runs in the worker thread (CommonJS, eval): @vladmandic/face-api's Node build on TensorFlow.js's
 * WebAssembly backend, its tiny face detector loaded from the weights in the package. Posts
 * { type: 'ready' } once loaded (or { type: 'failed' }), then answers each { id, width, height, data }
 * (raw RGB) with { id, threadId, faces } or { id, error }.
 */
const WORKER_SOURCE = `
const { parentPort, workerData, threadId } = require('node:worker_threads');
const api = require(workerData.faceApi);
const ready = (async () => {
  await api.tf.setBackend('wasm');
  await api.tf.ready();
  await api.nets.tinyFaceDetector.loadFromDisk(workerData.models);
})();
ready.then(() => parentPort.postMessage({ type: 'ready', threadId }), (err) => parentPort.postMessage({ type: 'failed', error: String((err && err.message) || err) }));
parentPort.on('message', async (job) => {
  try {
    await ready;
    const tensor = api.tf.tensor3d(new Uint8Array(job.data.buffer, job.data.byteOffset, job.data.byteLength), [job.height, job.width, 3], 'int32');
    try {
      const found = await api.detectAllFaces(tensor, new api.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.4 }));
      parentPort.postMessage({ id: job.id, threadId, faces: found.map((f) => ({ score: f.score, x: f.box.x, y: f.box.y, width: f.box.width, height: f.box.height })) });
    } finally {
      tensor.dispose();
    }
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String((err && err.message) || err) });
  }
});
`;

type Reply =
  | { type: 'ready'; threadId: number }
  | { type: 'failed'; error: string }
  | { id: number; threadId: number; faces: { score: number; x: number; y: number; width: number; height: number }[] }
  | { id: number; error: string };

interface Pending {
  resolve(reply: { threadId: number; faces: { score: number; x: number; y: number; width: number; height: number }[] }): void;
  reject(error: Error): void;
}

/**
 * Faces suggested for de-identification (M9): @vladmandic/face-api's tiny face detector, whose
 * weights ship in the package, on TensorFlow.js's WebAssembly backend (no native binary, no network).
 * The detector runs in a worker thread of its own, so its synchronous WebAssembly never stalls the
 * event loop that serves HTTP; the picture is decoded and scaled by sharp (libvips, off the event
 * loop too) and handed over as raw pixels. Loaded on first use (or at start, `warmUp`), kept for the
 * next ones; the thread handles one detection at a time. The user confirms every suggestion.
 */
export class FaceDetector {
  private worker: Worker | undefined;
  private ready: Promise<number> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** The worker thread's id once it is loaded (never 0, the main thread's), for tests and logs. */
  threadId: number | null = null;

  private load(): Promise<number> {
    this.ready ??= new Promise<number>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          faceApi: require.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js'),
          models: path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model'),
        },
        stdout: true,
        stderr: true,
      });
      // TensorFlow.js greets on the console; nothing of it belongs in the server's log.
      worker.stdout.resume();
      worker.stderr.resume();
      // An idle detector does not keep the process alive.
      worker.unref();
      this.worker = worker;
      const fail = (error: Error) => {
        if (this.worker === worker) {
          this.worker = undefined;
          this.ready = undefined;
          this.threadId = null;
        }
        for (const p of this.pending.values()) p.reject(error);
        this.pending.clear();
        reject(error);
        void worker.terminate();
      };
      worker.on('message', (reply: Reply) => {
        if ('type' in reply) {
          if (reply.type === 'ready') {
            this.threadId = reply.threadId;
            resolve(reply.threadId);
          } else fail(new Error(`The face detector could not be loaded: ${reply.error}`));
          return;
        }
        const waiting = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (this.pending.size === 0) worker.unref();
        if (!waiting) return;
        if ('error' in reply) waiting.reject(new Error(`Face detection failed: ${reply.error}`));
        else waiting.resolve(reply);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => fail(new Error(`The face detector's thread ended (${code}).`)));
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /** Loads the detector in the background (the server does at start), so the first suggestion does not wait for it. */
  warmUp(): void {
    this.load().catch(() => undefined);
  }

  /** Ends the worker thread (a later detection starts a new one). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    this.threadId = null;
    await worker?.terminate();
  }

  /**
   * The faces in a picture (its cleaned original's bytes), in its own upright pixels, best first.
   * While the detector is still loading after `waitMs`, ends with 409 faces_starting (the load goes on).
   */
  async detect(bytes: Buffer, waitMs = 1000): Promise<FaceBox[]> {
    const loading = this.load();
    let timer: NodeJS.Timeout | undefined;
    const loaded = await Promise.race([loading.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)))]).finally(() => clearTimeout(timer));
    if (!loaded) throw new AppError('faces_starting');
    const { data, info } = await sharp(bytes, { failOn: 'none' })
      .rotate()
      .removeAlpha()
      .resize(DETECT_SIZE, DETECT_SIZE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const full = await sharp(bytes, { failOn: 'none' }).metadata();
    const width = (full.autoOrient?.width ?? full.width) || info.width;
    const scale = width / info.width;
    const worker = this.worker;
    if (!worker) throw new Error("The face detector's thread is gone.");
    const id = this.nextId++;
    const reply = await new Promise<Parameters<Pending['resolve']>[0]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      // A copy of its own, handed over without another (sharp's buffer may share its memory).
      const pixels = new Uint8Array(data);
      worker.postMessage({ id, width: info.width, height: info.height, data: pixels }, [pixels.buffer]);
    });
    return reply.faces
      .map((f) => {
        // A margin round the detector's box: hair, ears and chin are as telling as the face.
        const margin = 0.15;
        const x = Math.max(0, (f.x - f.width * margin) * scale);
        const y = Math.max(0, (f.y - f.height * margin) * scale);
        return {
          x: Math.round(x),
          y: Math.round(y),
          width: Math.round(f.width * (1 + 2 * margin) * scale),
          height: Math.round(f.height * (1 + 2 * margin) * scale),
          score: Math.round(f.score * 100) / 100,
        };
      })
      .sort((a, b) => b.score - a.score);
  }
}
