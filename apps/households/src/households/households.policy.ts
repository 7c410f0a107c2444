import { DEFAULT_POLICY, DibaoPolicy } from '@dibao/domain';

/** The county's effective-dated policy (standards, apply-alone multiple, asset limits, rounding). */
export const DIBAO_POLICY = Symbol('DIBAO_POLICY');

export const policyProvider = { provide: DIBAO_POLICY, useValue: DEFAULT_POLICY satisfies DibaoPolicy };
