import type { FileHandle } from 'node:fs/promises';

/**
 * Random-access reads over an open file through a small block cache, so structure walkers can hop from box to
 * box (or frame to frame) without a syscall per header and without reading a multi-gigabyte file into memory.
 * Returned buffers are never reused by the reader, so callers may keep them.
 */
export class BlockReader {
  private block: Buffer = Buffer.alloc(0);
  private blockStart = 0;

  constructor(
    private readonly fh: FileHandle,
    readonly size: number,
    private readonly blockSize = 64 * 1024,
  ) {}

  /** Up to `len` bytes at `pos`; fewer at end of file, empty past it. */
  async read(pos: number, len: number): Promise<Buffer> {
    if (pos < 0 || pos >= this.size || len <= 0) return Buffer.alloc(0);
    const end = Math.min(this.size, pos + len);
    if (pos >= this.blockStart && end <= this.blockStart + this.block.length) {
      return this.block.subarray(pos - this.blockStart, end - this.blockStart);
    }
    if (end - pos > this.blockSize) return this.readDirect(pos, end - pos);
    const block = await this.readDirect(pos, Math.min(this.blockSize, this.size - pos));
    this.block = block;
    this.blockStart = pos;
    return block.subarray(0, Math.min(block.length, end - pos));
  }

  private async readDirect(pos: number, len: number): Promise<Buffer> {
    const buf = Buffer.allocUnsafe(len);
    let filled = 0;
    while (filled < len) {
      const { bytesRead } = await this.fh.read(buf, filled, len - filled, pos + filled);
      if (bytesRead === 0) break; // file shrank under us: callers see a short read
      filled += bytesRead;
    }
    return filled === len ? buf : buf.subarray(0, filled);
  }
}
