import { CaseStage, stepProblems, StepName } from '@dibao/contracts';
import { refusal } from './refusal';

/**
 * The step's input against its schema (libs/contracts step-schemas.ts, the one case-api validates the body with):
 * refused with the first problem, `InvalidStep` naming its field and rule, as case-api's 400 names them.
 */
export function requireStepInput(stage: CaseStage, step: StepName, input: unknown): void {
  if (schemaChecksOff) return;
  const [first] = stepProblems(step, input);
  if (first) throw refusal('InvalidStep', stage, first.message, { field: first.field, rule: first.rule });
}

let schemaChecksOff = false;

/** Whether the schema check is left out right now (see withoutSchemaChecks). */
export function schemaChecksAreOff(): boolean {
  return schemaChecksOff;
}

/**
 * Runs a step's checks without the schema check, synchronously. For an update handler re-checking a step its
 * validator already checked: the schema check depends on the input alone, so the validator's pass stands, and a
 * history recorded before the schemas existed (its steps checked by the older hand checks) replays as it ran.
 */
export function withoutSchemaChecks<T>(fn: () => T): T {
  schemaChecksOff = true;
  try {
    return fn();
  } finally {
    schemaChecksOff = false;
  }
}
