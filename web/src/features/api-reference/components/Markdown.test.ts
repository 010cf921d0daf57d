import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

const html = (text: string, inline = false) => renderToStaticMarkup(createElement(Markdown, { text, inline }));

describe('Markdown in the API reference', () => {
  it('renders bold, code, links and lists', () => {
    expect(html('**bold** and `code` and [docs](https://example.com/x)', true)).toBe(
      '<strong>bold</strong> and <code>code</code> and <a href="https://example.com/x">docs</a>',
    );
    expect(html('- one\n- two')).toBe(
      '<div class="markdown"><ul><li><span>one</span></li><li><span>two</span></li></ul></div>',
    );
  });

  it('shows raw HTML as text and drops links that could run script', () => {
    const out = html('<img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>alert(1)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
