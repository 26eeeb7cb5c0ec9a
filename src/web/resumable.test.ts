import { describe, expect, it } from 'vitest';
import { RESUMABLE_MIN_BYTES, isResumable, isRetryable } from './resumable';

describe('resumable uploads', () => {
  it('sends files of 20 MB or more over tus', () => {
    expect(isResumable({ size: RESUMABLE_MIN_BYTES - 1 } as File)).toBe(false);
    expect(isResumable({ size: RESUMABLE_MIN_BYTES } as File)).toBe(true);
    expect(RESUMABLE_MIN_BYTES).toBe(20_000_000);
  });

  it('tries again after a broken connection, a server away or a tus offset conflict', () => {
    expect(isRetryable(0, '')).toBe(true);
    expect(isRetryable(502, '<html>Bad gateway</html>')).toBe(true);
    expect(isRetryable(503, '')).toBe(true);
    expect(isRetryable(500, 'failed to acquire lock before timeout')).toBe(true);
    expect(isRetryable(409, 'Upload-Offset conflict\n')).toBe(true);
    expect(isRetryable(423, '')).toBe(true);
    // tus's answers as Kasus words them: { code, message } JSON.
    expect(isRetryable(409, JSON.stringify({ code: 'upload_offset_mismatch', message: '…' }))).toBe(true);
    expect(isRetryable(423, JSON.stringify({ code: 'upload_busy', message: '…' }))).toBe(true);
  });

  it("takes Kasus's own answers as final", () => {
    const body = (code: string) => JSON.stringify({ code, message: '…' });
    expect(isRetryable(422, JSON.stringify({ code: 'media_refused', message: '…', refused: [] }))).toBe(false);
    expect(isRetryable(409, body('case_locked'))).toBe(false);
    expect(isRetryable(401, body('not_authenticated'))).toBe(false);
    expect(isRetryable(404, body('not_found'))).toBe(false);
    expect(isRetryable(500, body('internal_error'))).toBe(false);
    expect(isRetryable(413, "upload's size exceeded\n")).toBe(false);
    expect(isRetryable(403, 'Upload-Offset header required\n')).toBe(false);
  });
});
