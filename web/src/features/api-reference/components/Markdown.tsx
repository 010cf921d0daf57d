import { Lexer, type Token, type Tokens } from 'marked';
import type { ReactNode } from 'react';

// Only these destinations become links; anything else (javascript:, data: …) stays as its text.
const SAFE_HREF = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;

/**
 * Markdown from the OpenAPI document rendered as React elements from marked's tokens, never as an HTML string: raw
 * HTML in a description shows as text, so the document cannot inject markup or script into the console.
 */
export function Markdown({ text, inline = false }: { text: string; inline?: boolean }) {
  if (inline) return <>{renderInline(Lexer.lexInline(text))}</>;
  return <div className="markdown">{renderBlocks(Lexer.lex(text))}</div>;
}

function renderBlocks(tokens: Token[]): ReactNode[] {
  return tokens.map((t, i) => {
    switch (t.type) {
      case 'paragraph':
      case 'heading':
        return <p key={i}>{renderInline((t as Tokens.Paragraph).tokens)}</p>;
      case 'text':
        return <span key={i}>{renderInline((t as Tokens.Text).tokens ?? [t])}</span>;
      case 'list': {
        const list = t as Tokens.List;
        const items = list.items.map((item, j) => <li key={j}>{renderBlocks(item.tokens)}</li>);
        return list.ordered ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      }
      case 'code':
        return (
          <pre key={i} className="code-block">
            <code>{(t as Tokens.Code).text}</code>
          </pre>
        );
      case 'blockquote':
        return <blockquote key={i}>{renderBlocks((t as Tokens.Blockquote).tokens)}</blockquote>;
      case 'space':
      case 'hr':
        return null;
      default:
        return <p key={i}>{t.raw}</p>;
    }
  });
}

function renderInline(tokens: Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((t, i) => {
    switch (t.type) {
      case 'strong':
        return <strong key={i}>{renderInline((t as Tokens.Strong).tokens)}</strong>;
      case 'em':
        return <em key={i}>{renderInline((t as Tokens.Em).tokens)}</em>;
      case 'del':
        return <del key={i}>{renderInline((t as Tokens.Del).tokens)}</del>;
      case 'codespan':
        return <code key={i}>{(t as Tokens.Codespan).text}</code>;
      case 'br':
        return <br key={i} />;
      case 'link': {
        const link = t as Tokens.Link;
        const children = renderInline(link.tokens);
        return SAFE_HREF.test(link.href) ? (
          <a key={i} href={link.href}>
            {children}
          </a>
        ) : (
          <span key={i}>{children}</span>
        );
      }
      case 'text': {
        const text = t as Tokens.Text;
        return text.tokens ? <span key={i}>{renderInline(text.tokens)}</span> : text.text;
      }
      case 'escape':
        return (t as Tokens.Escape).text;
      default:
        // html, images and anything newer: their source text, which React escapes.
        return t.raw;
    }
  });
}
