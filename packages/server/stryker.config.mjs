// Mutation testing of the pure rules (npm run test:mutation -w @warmline/server; not part of
// npm test). Score and command are recorded in docs/quality.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'src/tickets/ticket.transition.ts',
    'src/tickets/ticket.state.ts',
    'src/sla/calendar.ts',
    'src/sla/deadlines.ts',
    'src/sla/timer-rules.ts',
  ],
  coverageAnalysis: 'perTest',
  concurrency: 1,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
