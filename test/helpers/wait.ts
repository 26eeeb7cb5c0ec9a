/**
 * Reads `read` every `intervalMs` until `done` holds for what it returns, and returns that value;
 * after `timeoutMs` the test fails, naming `what` it waited for and the last value read.
 */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs; // wall time: how long the test waits, not the app's clock
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
