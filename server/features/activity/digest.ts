import type { DigestResponse, FeedItem, FeedResponse } from '../../../shared/schemas/activity';
import { counted, formatCount } from './feed-text';

/**
 * The feed as an email: a subject, HTML with inline styles (mail
 * clients drop style sheets) and the same in plain text. Every string that
 * comes from users (names, titles, comments, headings) is HTML-escaped;
 * links are absolute, on `origin`. Nothing is sent: a mailer can take it as
 * it is.
 */
export function renderDigest(feed: FeedResponse, origin: string): DigestResponse {
  const needing = feed.items.filter((item) => item.needsYou !== null);
  const others = feed.items.filter((item) => item.needsYou === null);
  // A first visit has no "since": it says what the team has done so far.
  const soFar = feed.unread === 0 && feed.firstVisit;
  const heading = soFar ? 'Your team so far' : 'While you were away';
  const subject =
    feed.unread === 0
      ? soFar
        ? 'Your team so far in Commonplace'
        : 'Nothing new in Commonplace'
      : `${counted(feed.unread, 'new update', 'new updates')} in Commonplace${feed.needsYou > 0 ? `, ${formatCount(feed.needsYou)} for you` : ''}`;
  const link = (item: FeedItem) => origin + item.link;
  const placeOf = (item: FeedItem) => [item.group.name, item.project?.name, item.doc?.title].filter(Boolean).join(' › ');

  // Items without a need, by place, in the feed's order.
  const places = new Map<string, FeedItem[]>();
  for (const item of others) {
    const place = placeOf(item);
    places.set(place, [...(places.get(place) ?? []), item]);
  }
  const health = feed.health.flatMap((h) => h.sentences);

  const html: string[] = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head>',
    `<body style="${styles.body}">`,
    `<h1 style="${styles.h1}">${heading}</h1>`,
    ...feed.sentences.map((sentence) => `<p style="${styles.p}">${escapeHtml(sentence)}</p>`),
  ];
  const text: string[] = [heading, '', ...feed.sentences, ''];

  const section = (title: string, items: readonly FeedItem[]) => {
    html.push(`<h2 style="${styles.h2}">${escapeHtml(title)}</h2>`, `<ul style="${styles.ul}">`);
    for (const item of items) {
      html.push(`<li style="${styles.li}"><a href="${escapeHtml(link(item))}" style="${styles.a}">${escapeHtml(item.text)}</a></li>`);
    }
    html.push('</ul>');
    text.push(title, ...items.map((item) => `- ${item.text}\n  ${link(item)}`), '');
  };
  if (needing.length > 0) section('Waiting for you', needing);
  for (const [place, items] of places) section(place, items);
  if (health.length > 0) {
    html.push(`<h2 style="${styles.h2}">Team health</h2>`, ...health.map((line) => `<p style="${styles.p}">${escapeHtml(line)}</p>`));
    text.push('Team health', ...health, '');
  }
  html.push(`<p style="${styles.footer}"><a href="${escapeHtml(origin)}/" style="${styles.a}">Open Commonplace</a></p>`, '</body></html>');
  text.push(`Open Commonplace: ${origin}/`);
  return { subject, html: html.join('\n'), text: text.join('\n') };
}

const styles = {
  body: 'margin:0;padding:24px;background:#ffffff;color:#1f2328;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5',
  h1: 'margin:0 0 12px;font-size:22px',
  h2: 'margin:20px 0 6px;font-size:16px;color:#57606a',
  p: 'margin:0 0 8px',
  ul: 'margin:0;padding-left:20px',
  li: 'margin:0 0 6px',
  a: 'color:#0969da;text-decoration:none',
  footer: 'margin:24px 0 0;font-size:13px',
};

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char]!);
}
