// The bare Temporal baseline: an empty workflow that accepts `steps` updates and completes. Bundled by
// bundleWorkflowCode (bench/temporal/baseline-worker.js); imports only @temporalio/workflow.
const { condition, defineUpdate, setHandler } = require('@temporalio/workflow');

const step = defineUpdate('step');

/** Waits for `steps` updates (each answers its sequence number), then completes. */
async function benchBaseline(steps) {
  let done = 0;
  setHandler(step, (n) => {
    done += 1;
    return n;
  });
  await condition(() => done >= steps);
  return done;
}

module.exports = { benchBaseline };
