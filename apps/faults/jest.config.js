const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'faults',
  rootDir: __dirname,
  // Run by `npm run test:faults` (tools/test-faults.sh) on the fault tests' own stack, never by `nx run-many -t test`.
  testMatch: ['**/*.faults.spec.ts'],
  // Starts the built apps as processes, kills them, stops Kafka and PostgreSQL: one suite at a time.
  testTimeout: 180000,
};
