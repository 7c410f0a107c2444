import { escapeHtml, html } from './html';

describe('html', () => {
  it('escapes interpolated text and keeps nested safe fragments', () => {
    const evil = '<script>alert("x")</script>&\'';
    const inner = html`<b>${evil}</b>`;
    expect(html`<p title="${evil}">${inner}${[html`<i>1</i>`, '<2>']}</p>`.html).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"><b>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</b><i>1</i>&lt;2&gt;</p>',
    );
    expect(escapeHtml(null)).toBe('');
  });
});
