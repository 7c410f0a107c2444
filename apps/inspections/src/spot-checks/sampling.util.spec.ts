import { drawSample, hashSeed, mulberry32, sampleSize } from './sampling.util';

const cases = Array.from({ length: 200 }, (_, i) => `case-${String(i).padStart(4, '0')}`);

describe('spot-check sampling', () => {
  it('draws the same sample for the same seed and case set, whatever the input order', () => {
    const a = drawSample(cases, 'campaign-1:T01', 30);
    const b = drawSample([...cases].reverse(), 'campaign-1:T01', 30);
    expect(a).toEqual(b);
    expect(a).toHaveLength(60);
    expect(new Set(a).size).toBe(60);
    a.forEach((id) => expect(cases).toContain(id));
  });

  it('draws a different sample for another seed', () => {
    expect(drawSample(cases, 'campaign-1:T01', 30)).not.toEqual(drawSample(cases, 'campaign-2:T01', 30));
  });

  it('pins the generator so a change of algorithm cannot pass unnoticed', () => {
    expect(hashSeed('')).toBe(0x811c9dc5);
    expect(hashSeed('a')).toBe(0xe40c292c);
    const r = mulberry32(1);
    expect([r(), r(), r()].map((x) => x.toFixed(10))).toEqual(['0.6270739406', '0.0027357212', '0.5274470400']);
  });

  it('rounds the sample size up and handles the edges', () => {
    expect(sampleSize(0, 30)).toBe(0);
    expect(sampleSize(1, 30)).toBe(1);
    expect(sampleSize(10, 30)).toBe(3);
    expect(sampleSize(11, 30)).toBe(4);
    expect(sampleSize(7, 100)).toBe(7);
    expect(drawSample([], 's', 30)).toEqual([]);
    expect(drawSample(['b', 'a', 'a'], 's', 100)).toEqual(['a', 'b']);
    expect(() => sampleSize(10, 0)).toThrow();
  });

  it('spreads the draws roughly evenly over the cases', () => {
    const hits = new Map<string, number>();
    for (let s = 0; s < 400; s++) for (const id of drawSample(cases.slice(0, 20), `seed-${s}`, 25)) hits.set(id, (hits.get(id) ?? 0) + 1);
    // each case is drawn with probability 1/4: 100 expected of 400
    for (const id of cases.slice(0, 20)) expect(hits.get(id)).toBeGreaterThan(60);
  });
});
