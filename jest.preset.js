// Shared jest settings: ts-jest in transpile-only mode (type checking is `npm run typecheck`'s job),
// with the workspace path aliases mapped to library sources.
const path = require('path');
const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.json') }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@dibao/domain$': path.join(root, 'libs/domain/src/index.ts'),
    '^@dibao/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@dibao/platform$': path.join(root, 'libs/platform/src/index.ts'),
    '^@dibao/platform/testing$': path.join(root, 'libs/platform/src/testing/index.ts'),
  },
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  // Integration tests wait for Kafka group joins and Temporal; a unit test never comes near this.
  testTimeout: 60000,
};
