import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'timers', 'tls', 'url', 'util',
  'v8', 'vm', 'worker_threads', 'zlib',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.local/**', '.nx/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // domain is pure: it imports nothing of ours.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            // apps depend on libraries only, never on another app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'] },
            // The end-to-end tests drive the apps as processes, through their HTTP APIs and Kafka.
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // Framework-free domain rules.
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: ['@nestjs/*', 'typeorm', 'kafkajs', '@temporalio/*', 'pg'],
      }],
    },
  },
  {
    // Workflow code is bundled by Temporal and replayed: deterministic, only domain + contracts, no Node built-ins.
    files: ['apps/case-worker/src/workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, '@dibao/platform', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
        patterns: ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', '../activities/*', '../*.activities'],
      }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
