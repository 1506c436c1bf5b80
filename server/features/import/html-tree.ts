/**
 * A small HTML reader for mammoth's output: tags with quoted attributes,
 * escaped text, `<img ... />` and `<br />`. It reads any input in one pass
 * without backtracking (each character is looked at a bounded number of
 * times) and builds a tree no deeper than `maxDepth`: deeper elements lose
 * their own tag and their children join the element at the limit. It never
 * runs script or fetches anything: it only produces names, attributes and
 * text for html-to-doc.ts, which keeps what the editor's schema allows.
 */

export interface HtmlElement {
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

export const maxDepth = 64;

const voidElements = new Set(['img', 'br', 'hr', 'meta', 'link', 'input', 'col']);
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** Text with its character references resolved (named ones mammoth writes, and numeric ones). */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  let out = '';
  let at = 0;
  while (at < text.length) {
    const amp = text.indexOf('&', at);
    if (amp < 0) break;
    out += text.slice(at, amp);
    // A reference is at most 10 characters: only that far is looked at for its ";".
    const near = text.slice(amp + 1, amp + 11).indexOf(';');
    const semi = near < 0 ? -1 : amp + 1 + near;
    const name = semi > amp ? text.slice(amp + 1, semi) : '';
    let value: string | undefined = entities[name];
    if (value === undefined && /^#(x[0-9a-f]{1,6}|[0-9]{1,7})$/i.test(name)) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      value = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    if (value === undefined) {
      out += '&';
      at = amp + 1;
    } else {
      out += value;
      at = semi + 1;
    }
  }
  return out + text.slice(at);
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
const endsName = (c: string | undefined) => c === undefined || isSpace(c) || c === '/' || c === '>' || c === '=';

/** Reads a tag starting after `<` (and `/`); returns its name, attributes, whether it closes itself, and where it ends. */
function readTag(html: string, start: number): { name: string; attrs: Record<string, string>; selfClosing: boolean; end: number } {
  let at = start;
  while (!endsName(html[at])) at++;
  const name = html.slice(start, at).toLowerCase();
  const attrs: Record<string, string> = {};
  let selfClosing = false;
  while (at < html.length && html[at] !== '>') {
    const c = html[at];
    if (isSpace(c)) {
      at++;
      continue;
    }
    if (c === '/') {
      selfClosing = true;
      at++;
      continue;
    }
    const nameStart = at;
    while (!endsName(html[at])) at++;
    if (at === nameStart) {
      at++; // a stray "=": skip it
      continue;
    }
    const attrName = html.slice(nameStart, at).toLowerCase();
    while (isSpace(html[at])) at++;
    let value = '';
    if (html[at] === '=') {
      at++;
      while (isSpace(html[at])) at++;
      const quote = html[at];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, at + 1);
        const valueEnd = close < 0 ? html.length : close;
        value = html.slice(at + 1, valueEnd);
        at = valueEnd + 1;
      } else {
        const valueStart = at;
        while (at < html.length && !isSpace(html[at]) && html[at] !== '>') at++;
        value = html.slice(valueStart, at);
      }
    }
    if (!(attrName in attrs)) attrs[attrName] = decodeEntities(value);
  }
  return { name, attrs, selfClosing, end: Math.min(html.length, at + 1) };
}

/** The tree of an HTML fragment. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { name: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf('<', at);
    const textEnd = lt < 0 ? html.length : lt;
    if (textEnd > at) stack.at(-1)!.children.push(decodeEntities(html.slice(at, textEnd)));
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    if (html[lt + 1] === '/') {
      const tag = readTag(html, lt + 2);
      // Close the nearest open element of that name, if any (a stray end tag is ignored).
      const index = stack.findLastIndex((element) => element.name === tag.name);
      if (index > 0) stack.length = index;
      at = tag.end;
      continue;
    }
    if (!/[a-z]/i.test(html[lt + 1] ?? '')) {
      // "<" that opens no tag ("<!doctype", "< 3"): skip to its end as text-less markup or keep as text.
      if (html[lt + 1] === '!' || html[lt + 1] === '?') {
        const close = html.indexOf('>', lt);
        at = close < 0 ? html.length : close + 1;
      } else {
        stack.at(-1)!.children.push('<');
        at = lt + 1;
      }
      continue;
    }
    const tag = readTag(html, lt + 1);
    at = tag.end;
    const element: HtmlElement = { name: tag.name, attrs: tag.attrs, children: [] };
    if (stack.length > maxDepth) {
      // Too deep: the element's own tag is dropped; its content joins the deepest element kept.
      continue;
    }
    stack.at(-1)!.children.push(element);
    if (!tag.selfClosing && !voidElements.has(tag.name)) stack.push(element);
  }
  return root;
}
