import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { run } from '../media/sanitize/process.js';
import { identifiersInText, type ReadIdentifier } from './identity-text.js';

/** What OCR made of one image: `not_run` when no OCR program is installed (the import goes on, nothing is read). */
export type OcrResult = { status: 'read'; identifiers: ReadIdentifier[] } | { status: 'not_run' };

export interface IdentityReader {
  read(file: string, options?: { today?: Date }): Promise<OcrResult>;
}

export interface TesseractOptions {
  /** The program (Debian's tesseract-ocr); KASUS_TESSERACT overrides it like KASUS_FFMPEG does ffmpeg. */
  command?: string;
  /** How many images are read at once: OCR is CPU-heavy and must not starve requests and workers. */
  concurrency?: number;
  timeoutMs?: number;
  /** Where the downscaled page is written for tesseract (default: the system's temp directory). */
  workDir?: string;
}

/** Longest side the page is scaled to: enough for digits a few percent of the picture high, and fast. */
const PAGE_SIDE = 1600;

/**
 * Reads identifiers shown on identity images with Debian's tesseract-ocr, run as a child process
 * (no shell, a time limit, SIGKILL on timeout) on a downscaled greyscale copy, at most
 * `concurrency` at a time. A missing program is found once and answered `not_run` from then on.
 */
export class TesseractReader implements IdentityReader {
  private readonly command: string;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private missing = false;

  constructor(private readonly options: TesseractOptions = {}) {
    this.command = options.command ?? process.env['KASUS_TESSERACT'] ?? 'tesseract';
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async read(file: string, options: { today?: Date } = {}): Promise<OcrResult> {
    if (this.missing) return { status: 'not_run' };
    await this.slot();
    const dir = await mkdtemp(path.join(this.options.workDir ?? tmpdir(), 'kasus-ocr-'));
    try {
      const page = path.join(dir, 'page.png');
      try {
        await sharp(file, { failOn: 'none', limitInputPixels: 200_000_000 })
          .rotate()
          .resize({ width: PAGE_SIDE, height: PAGE_SIDE, fit: 'inside', withoutEnlargement: true })
          .greyscale()
          .png({ compressionLevel: 1 })
          .toFile(page);
      } catch {
        return { status: 'read', identifiers: [] }; // not a picture sharp can decode: nothing to read on it
      }
      let stdout: Buffer;
      try {
        // psm 11: sparse text, the digits may be anywhere on the picture. One thread: concurrency is ours.
        // Through env(1) to give it OMP_THREAD_LIMIT; env answers 127 when the program is not installed.
        const result = await run('env', ['OMP_THREAD_LIMIT=1', this.command, page, 'stdout', '--psm', '11', '-l', 'eng'], {
          timeoutMs: this.timeoutMs,
          maxStdoutBytes: 1024 * 1024,
        });
        if (result.code === 127) {
          this.missing = true;
          return { status: 'not_run' };
        }
        if (result.code !== 0) return { status: 'read', identifiers: [] };
        stdout = result.stdout;
      } catch {
        return { status: 'read', identifiers: [] }; // timed out: treated as an image without a readable identifier
      }
      return { status: 'read', identifiers: identifiersInText(stdout.toString('utf8'), options.today ? { today: options.today } : {}) };
    } finally {
      await rm(dir, { recursive: true, force: true });
      this.release();
    }
  }

  private async slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
