import { ConfigError, loadConfig } from '@dibao/platform';
import { DEFAULT_BENEFICIARY_SETTINGS } from '@dibao/contracts';
import { localDate, ruleAt } from '@dibao/domain';
import { caseSettings } from './case-settings';
import { caseWorkerConfigSchema } from './config';

const base = {
  JWT_SECRET: 'a-secret-of-16-chars',
  DATABASE_URL: 'postgres://dibao:dibao@127.0.0.1:55432/dibao_case_worker',
  KAFKA_BROKERS: '127.0.0.1:9092',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
};

describe('the case worker environment', () => {
  it('gives every beneficiary setting a default that the beneficiary workflows then get in their input', () => {
    const config = loadConfig(caseWorkerConfigSchema, base);
    expect(caseSettings(config).beneficiary).toEqual(DEFAULT_BENEFICIARY_SETTINGS);
    expect(config).toMatchObject({ STANDARD_RAISE_BATCH_SIZE: 100, STANDARD_RAISE_PAUSE_MS: 500 });
  });

  it('reads the review intervals, windows, gradual exit, death review and job-offer limit from the environment', () => {
    const config = loadConfig(caseWorkerConfigSchema, {
      ...base,
      BENEFICIARY_STABLE_REVIEW_MONTHS: '24',
      BENEFICIARY_IRREGULAR_REVIEW_MONTHS: '3',
      BENEFICIARY_DEATH_REVIEW_MONTHS: '2',
      BENEFICIARY_GRADUAL_EXIT_MONTHS: '4',
      BENEFICIARY_REVIEW_WINDOW_DAYS: '45',
      BENEFICIARY_SPECIAL_REVIEW_DAYS: '15',
      BENEFICIARY_REAPPRAISAL_INTERVAL_DAYS: '366',
      BENEFICIARY_MAX_HISTORY_EVENTS: '5000',
      JOB_OFFER_REFUSAL_LIMIT: '2',
    });
    const s = caseSettings(config);
    const on = localDate('2027-06-01');
    expect(ruleAt(s.policy, 'stableReviewIntervalMonths', on)).toBe(24);
    expect(ruleAt(s.policy, 'irregularReviewIntervalMonths', on)).toBe(3);
    expect(ruleAt(s.policy, 'deathReviewWithinMonths', on)).toBe(2);
    expect(ruleAt(s.policy, 'jobOfferRefusalLimit', on)).toBe(2);
    expect(s.beneficiary).toEqual({ reviewWindowDays: 45, specialReviewDays: 15, gradualExitMonths: 4, reappraisalIntervalDays: 366, maxHistoryEvents: 5000 });
  });

  it('refuses to start with a setting out of range, naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(caseWorkerConfigSchema, { ...base, ...env });
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.join('\n');
        throw e;
      }
      return '';
    };
    // A gradual exit beyond the policy's maximum (6 months, A) would be refused by the domain at every review.
    expect(problems({ BENEFICIARY_GRADUAL_EXIT_MONTHS: '7' })).toMatch(/^BENEFICIARY_GRADUAL_EXIT_MONTHS: /m);
    expect(problems({ BENEFICIARY_STABLE_REVIEW_MONTHS: '0' })).toMatch(/^BENEFICIARY_STABLE_REVIEW_MONTHS: /m);
    expect(problems({ BENEFICIARY_REVIEW_WINDOW_DAYS: 'thirty' })).toMatch(/^BENEFICIARY_REVIEW_WINDOW_DAYS: /m);
    expect(problems({ JOB_OFFER_REFUSAL_LIMIT: '1.5' })).toMatch(/^JOB_OFFER_REFUSAL_LIMIT: /m);
    expect(problems({ STANDARD_RAISE_BATCH_SIZE: '0' })).toMatch(/^STANDARD_RAISE_BATCH_SIZE: /m);
  });
});
