import * as fs from 'fs';
import * as path from 'path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleCaseWorkflows } from '../src/worker';

// Histories recorded with earlier shapes of the case workflow, replayed with the current code: a case that was
// running when the worker was upgraded must take exactly the same steps (fixtures/*/README.md says how each was
// recorded). case-before-deadlines-v2 is replayed by case.deadlines.spec.ts.
jest.setTimeout(60_000);

const fixtures = (dir: string) =>
  fs
    .readdirSync(path.join(__dirname, 'fixtures', dir))
    .filter((f) => f.endsWith('.history.bin'))
    .map((f) => [dir, f.replace('.history.bin', '')]);

let bundled: ReturnType<typeof bundleCaseWorkflows> | undefined;

describe('case histories of earlier shapes replay unchanged', () => {
  it.each([...fixtures('case-before-lean-history'), ...fixtures('case-lean-history')])('%s/%s', async (dir, name) => {
    const bytes = fs.readFileSync(path.join(__dirname, 'fixtures', dir, `${name}.history.bin`));
    const history = temporal.api.history.v1.History.decode(bytes);
    const workflowId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId ?? 'replay';
    bundled ??= bundleCaseWorkflows();
    await Worker.runReplayHistory({ workflowBundle: await bundled }, history, workflowId);
  });
});
