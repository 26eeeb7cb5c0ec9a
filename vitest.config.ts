import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Vitest's default on two cores is one worker for every file in a row, while most files spend
    // much of their time waiting on PostgreSQL, Chromium, ffmpeg or a child process; two workers
    // keep both cores busy. KASUS_TEST_WORKERS overrides it (1 for a strictly serial run).
    maxWorkers: Number(process.env['KASUS_TEST_WORKERS'] ?? '') || 2,
    minWorkers: 1,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          globalSetup: ['test/helpers/global-setup.ts'],
          include: ['src/**/*.int.test.ts', 'test/integration/**/*.test.ts', 'test/faults/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          globalSetup: ['test/helpers/global-setup.ts'],
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
