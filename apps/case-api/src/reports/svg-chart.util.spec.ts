import { barChart, esc, wanYuan, yuan } from './svg-chart.util';

describe('report formatting', () => {
  it('writes money in yuan and 万元 from integer fen', () => {
    expect(yuan(360_500_000)).toBe('3,605,000.00');
    expect(yuan(-14_005)).toBe('-140.05');
    expect(wanYuan(360_500_000)).toBe('360.50');
    expect(wanYuan(1_711_000_000)).toBe('1711.00');
  });

  it('escapes markup in labels', () => {
    expect(esc('<script>"x"&\'')).toBe('&lt;script&gt;&quot;x&quot;&amp;&#39;');
    const svg = barChart({ title: 'a<b', series: ['s'], bars: [{ label: '<img>', values: [3] }] });
    expect(svg).not.toContain('<img>');
    expect(svg).toContain('a&lt;b');
  });

  it('draws one rectangle per value, the tallest at full height', () => {
    const svg = barChart({ title: 't', series: ['a', 'b'], bars: [{ label: 'T01', values: [10, 5] }, { label: 'T02', values: [0, 2] }], height: 260 });
    expect(svg.match(/<rect x=/g)?.length).toBe(4 + 2); // 4 bars + 2 legend swatches
    expect(svg).toContain('height="184.0"'); // 260 − 28 − 48: the largest value fills the plot
  });
});
