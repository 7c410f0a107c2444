import * as fs from 'fs';
import * as path from 'path';
import { bundleWorkflowCode, NativeConnection, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { CampaignActivities, CaseActivities } from './workflows/case-activities';

/**
 * Where the workflow code and the two libraries it imports live. From the TypeScript sources when the
 * repository is there (tests, `ts-node`, and the built app run from a checkout: the bundler's swc loader
 * compiles them), else from the compiled `dist/` tree.
 */
export function workflowSources(): { workflowsPath: string; alias: Record<string, string> } {
  const repoRoot = findUp(__dirname, (dir) => fs.existsSync(path.join(dir, 'libs', 'domain', 'src', 'index.ts')));
  if (repoRoot) {
    return {
      workflowsPath: path.join(repoRoot, 'apps', 'case-worker', 'src', 'workflows', 'index.ts'),
      alias: {
        '@dibao/domain$': path.join(repoRoot, 'libs', 'domain', 'src', 'index.ts'),
        '@dibao/contracts$': path.join(repoRoot, 'libs', 'contracts', 'src', 'index.ts'),
      },
    };
  }
  const distRoot = path.resolve(__dirname, '..', '..', '..'); // dist/apps/case-worker/src → dist
  return {
    workflowsPath: path.join(__dirname, 'workflows', 'index.js'),
    alias: {
      '@dibao/domain$': path.join(distRoot, 'libs', 'domain', 'src', 'index.js'),
      '@dibao/contracts$': path.join(distRoot, 'libs', 'contracts', 'src', 'index.js'),
    },
  };
}

/** Bundles the case workflows once (about a second); the worker and the tests share the bundle. */
export async function bundleCaseWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  const { workflowsPath, alias } = workflowSources();
  return bundleWorkflowCode({
    workflowsPath,
    webpackConfigHook: (config) => ({
      ...config,
      resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string | false>), ...alias } },
    }),
    logger: { log: () => undefined, info: () => undefined, warn: () => undefined, error: console.error, debug: () => undefined, trace: () => undefined },
  });
}

/** A few hundred open cases stay in memory; the rest are replayed from history when a step arrives. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 300;

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The case and beneficiary activities, and the review campaign's (visibility + signals) where campaigns run. */
  activities: CaseActivities & Partial<CampaignActivities>;
  bundle?: WorkflowBundleWithSourceMap;
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflows kept in the worker's sticky cache (default 300): an update to a cached case needs no replay. */
  maxCachedWorkflows?: number;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.bundle ?? (await bundleCaseWorkflows()),
    activities: options.activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
  });
}

function findUp(start: string, found: (dir: string) => boolean): string | undefined {
  let dir = start;
  for (;;) {
    if (found(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
