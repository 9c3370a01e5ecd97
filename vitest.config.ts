import { defineConfig } from 'vitest/config';

// Three projects: `unit` needs nothing but Node; `integration` (test/integration and test/e2e)
// runs against the test bed, which globalSetup brings up when it is not already running; `package`
// packs and installs flotilla as an ops host would (slow, so kept out of `unit`; no test bed).
export default defineConfig({
  test: {
    // Ink renders only its last frame when it thinks it runs in CI; the UI tests (and the TUI the
    // end-to-end tests start) must behave the same on a developer's machine and in CI.
    env: { CI: 'false' },
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.{ts,tsx}', 'test/e2e/**/*.test.{ts,tsx}'],
          globalSetup: ['./test/support/testbed-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          // After the other projects: building and packing must not starve their timing.
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
