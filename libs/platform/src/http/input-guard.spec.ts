import { inspectInput } from './input-guard';

describe('inspectInput', () => {
  it('accepts ordinary Chinese text, emoji and nesting', () => {
    expect(inspectInput({ village: '红星村', note: '👍', members: [{ name: '王德明', incomes: [{ amountFen: 1 }] }] })).toEqual([]);
  });

  it('names a field with a NUL character or a lone surrogate', () => {
    expect(inspectInput({ members: [{ name: 'a\u0000b' }] })).toEqual([
      expect.objectContaining({ field: 'members[0].name', rule: 'noNulCharacter' }),
    ]);
    expect(inspectInput({ village: 'a\ud800b' })).toEqual([expect.objectContaining({ field: 'village', rule: 'wellFormedUnicode' })]);
  });

  it('refuses prototype keys', () => {
    expect(inspectInput(JSON.parse('{"a":{"__proto__":{"x":1}}}'))).toEqual([expect.objectContaining({ field: 'a.__proto__', rule: 'forbiddenKey' })]);
    expect(inspectInput({ constructor: { prototype: {} } })).toEqual([expect.objectContaining({ field: 'constructor' })]);
  });

  it('stops at deep nesting and huge arrays without exhausting the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(inspectInput({ x: deep })).toEqual([expect.objectContaining({ rule: 'maxDepth' })]);
    expect(inspectInput({ proxies: new Array(20_001).fill({}) })).toEqual([expect.objectContaining({ field: 'proxies', rule: 'arrayMaxSize' })]);
  });
});
