import { toSnapshot } from './households.client';

describe('toSnapshot', () => {
  it('takes township, member count and per-capita income from the households view', () => {
    expect(toSnapshot({ id: 'h1', township: 'T01', members: [{}, {}, {}], perCapitaMonthlyIncomeFen: 4000, extra: true })).toEqual({
      found: true,
      township: 'T01',
      memberCount: 3,
      perCapitaMonthlyIncomeFen: 4000,
    });
  });

  it('tolerates a body without those fields', () => {
    expect(toSnapshot({})).toEqual({ found: true });
    expect(toSnapshot(null)).toEqual({ found: true });
  });
});
