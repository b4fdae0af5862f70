import { defineConfig } from 'vitest/config';

// The unit tests of the pure rules, for mutation testing (npm run test:mutation): StrykerJS runs
// them once per mutant, so they are kept apart from the database and HTTP tests, and property
// tests try fewer cases per run (test/mutation.setup.ts).
export default defineConfig({
  test: {
    include: ['src/tickets/*.test.ts', 'src/sla/*.test.ts', 'src/shared/time*.test.ts', 'src/demo/order-simulator.test.ts'],
    setupFiles: ['test/mutation.setup.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
  },
});
