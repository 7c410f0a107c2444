import * as path from 'path';
import { eventually, testStack } from '@dibao/platform/testing';
import { call, startSystem, System } from './support/system';

/*
 * What `npm start` loads (tools/demo/load-demo.js, the function tools/start.js calls), against the built system
 * (second copy, ports +1000, fresh databases): the 16 cases of the first slice, then the demo county's township T01
 * with a case for every one of its applicants, two of them paper applications accepted 55 days ago that are overdue
 * on the day of loading. Issue 15 found the default run starting 0 of T01's 10 applicants and showing 0 overdue.
 */
jest.setTimeout(900_000);

interface DemoResult {
  cases: { started: number; wanted: number };
  county: {
    applicants: number;
    caseRun: { started: number; paper: number; withCase: number; paperCaseIds: string[] };
    cases?: { open: number; overdue: number };
  };
}

const { loadDemo } = require(path.join(__dirname, '../../../tools/demo/load-demo.js')) as {
  loadDemo(o: { full?: boolean; portOffset?: number; log?: (line: string) => void }): Promise<DemoResult>;
};

describe('the demo npm start loads', () => {
  let system: System;

  beforeAll(async () => {
    system = await startSystem();
    process.env['JWT_SECRET'] = testStack.jwtSecret;
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('starts a case for every applicant of the demo county, and shows overdue cases on the day of loading', async () => {
    const lines: string[] = [];
    const loaded = await loadDemo({ portOffset: system.portOffset, log: (line) => lines.push(line) });
    const printed = lines.join('\n');

    expect(loaded.cases).toEqual({ started: 16, wanted: 16 });
    expect(loaded.county.applicants).toBe(10);
    expect(loaded.county.caseRun).toMatchObject({ started: 10, withCase: 10, paper: 2 });
    expect(printed).toMatch(/cases: 10 started \(2 paper applications accepted on \d{4}-\d{2}-\d{2}\), 10 of 10 applicants with an open case/);

    // The paper applications are overdue at once (their whole case's 30 working days have passed) …
    for (const caseId of loaded.county.caseRun.paperCaseIds) {
      const view = await eventually(async () => {
        const r = await call('GET', `${system.url('case-api')}/api/v1/cases/${caseId}`, system.token('supervisor'));
        return r.status === 200 && (r.body as { overdue?: boolean }).overdue ? r.body : undefined;
      }, 30_000);
      expect(view).toMatchObject({ township: 'T01', overdue: true });
    }
    // … and the supervision overview the loader read at its end counts them.
    expect(loaded.county.cases?.open).toBeGreaterThanOrEqual(loaded.county.applicants);
    expect(loaded.county.cases?.overdue).toBeGreaterThan(0);
  });
});
