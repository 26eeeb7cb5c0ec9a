import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../http/errors.js';

export interface FaceBox {
  x: number;
  y: number;
  width: number;
  height: number;
  score: number;
}

/** What is used of @vladmandic/face-api (its Node build on TensorFlow.js with the WebAssembly backend). */
interface FaceApi {
  tf: { setBackend(name: string): Promise<boolean>; ready(): Promise<void>; tensor3d(data: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void } };
  nets: { tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> } };
  TinyFaceDetectorOptions: new (options: { inputSize: number; scoreThreshold: number }) => unknown;
  detectAllFaces(input: unknown, options: unknown): Promise<{ score: number; box: { x: number; y: number; width: number; height: number } }[]>;
}

const require = createRequire(import.meta.url);
/** The longest side the detector looks at; boxes are scaled back to the picture's pixels. */
const DETECT_SIZE = 640;

/**
 * Faces suggested for de-identification (M9): @vladmandic/face-api's tiny face detector, whose
 * weights ship in the package, on TensorFlow.js's WebAssembly backend (no native binary, no network).
 * Loaded on first use; one detection at a time. The user confirms every suggestion in the editor.
 */
export class FaceDetector {
  private api: Promise<FaceApi> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  private load(): Promise<FaceApi> {
    this.api ??= (async () => {
      const api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
      await api.tf.setBackend('wasm');
      await api.tf.ready();
      const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
      await api.nets.tinyFaceDetector.loadFromDisk(models);
      return api;
    })();
    this.api.catch(() => (this.api = undefined));
    return this.api;
  }

  /** Loads the detector in the background (the server does at start), so the first suggestion does not wait for it. */
  warmUp(): void {
    this.load().catch(() => undefined);
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
    const run = this.queue.then(() => this.detectNow(bytes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async detectNow(bytes: Buffer): Promise<FaceBox[]> {
    const api = await this.load();
    const { data, info } = await sharp(bytes, { failOn: 'none' })
      .rotate()
      .removeAlpha()
      .resize(DETECT_SIZE, DETECT_SIZE, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const full = await sharp(bytes, { failOn: 'none' }).metadata();
    const width = (full.autoOrient?.width ?? full.width) || info.width;
    const scale = width / info.width;
    const tensor = api.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [info.height, info.width, 3], 'int32');
    try {
      const found = await api.detectAllFaces(tensor, new api.TinyFaceDetectorOptions({ inputSize: 320, scoreThreshold: 0.4 }));
      return found
        .map((f) => {
          // A margin round the detector's box: hair, ears and chin are as telling as the face.
          const margin = 0.15;
          const x = Math.max(0, (f.box.x - f.box.width * margin) * scale);
          const y = Math.max(0, (f.box.y - f.box.height * margin) * scale);
          return {
            x: Math.round(x),
            y: Math.round(y),
            width: Math.round(f.box.width * (1 + 2 * margin) * scale),
            height: Math.round(f.box.height * (1 + 2 * margin) * scale),
            score: Math.round(f.score * 100) / 100,
          };
        })
        .sort((a, b) => b.score - a.score);
    } finally {
      tensor.dispose();
    }
  }
}
