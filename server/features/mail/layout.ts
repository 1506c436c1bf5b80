import { escapeHtml } from '../../../shared/escape-html';

export { escapeHtml };

/**
 * The one look of every mail: the product's name, a heading, paragraphs,
 * an optional list of linked lines, a button to the exact place, and a
 * footer that says why the mail came and how to stop it. HTML uses inline
 * styles (mail clients drop style sheets) and the same content goes out as
 * plain text. Every string may come from users, so all of it is escaped;
 * links are absolute.
 */
export interface MailContent {
  heading: string;
  paragraphs: readonly string[];
  /** Linked lines under the paragraphs, in sections with a title each. */
  sections?: readonly { title: string; items: readonly { text: string; url: string }[] }[];
  /** The button: where the mail takes the reader. */
  action?: { label: string; url: string };
  /** Why this mail came ("You get this because someone replied to your comment."). */
  reason: string;
  /** Where to change what mail comes (the settings page), and where one click turns this kind off. */
  settingsUrl?: string;
  unsubscribeUrl?: string;
}

export function renderMail(content: MailContent): { html: string; text: string } {
  const html: string[] = [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.heading)}</title></head>`,
    `<body style="${mailStyles.body}">`,
    `<p style="${mailStyles.brand}">Commonplace</p>`,
    `<h1 style="${mailStyles.h1}">${escapeHtml(content.heading)}</h1>`,
    ...content.paragraphs.map((line) => `<p style="${mailStyles.p}">${escapeHtml(line)}</p>`),
  ];
  const text: string[] = [content.heading, '', ...content.paragraphs, ''];

  for (const section of content.sections ?? []) {
    html.push(`<h2 style="${mailStyles.h2}">${escapeHtml(section.title)}</h2>`, `<ul style="${mailStyles.ul}">`);
    for (const item of section.items) {
      html.push(`<li style="${mailStyles.li}"><a href="${escapeHtml(item.url)}" style="${mailStyles.a}">${escapeHtml(item.text)}</a></li>`);
    }
    html.push('</ul>');
    text.push(section.title, ...section.items.map((item) => `- ${item.text}\n  ${item.url}`), '');
  }
  if (content.action) {
    html.push(`<p style="${mailStyles.actionRow}"><a href="${escapeHtml(content.action.url)}" style="${mailStyles.button}">${escapeHtml(content.action.label)}</a></p>`);
    text.push(`${content.action.label}: ${content.action.url}`, '');
  }

  const footer = [escapeHtml(content.reason)];
  text.push('--', content.reason);
  if (content.settingsUrl) {
    footer.push(`<a href="${escapeHtml(content.settingsUrl)}" style="${mailStyles.muted}">Notification settings</a>`);
    text.push(`Notification settings: ${content.settingsUrl}`);
  }
  if (content.unsubscribeUrl) {
    footer.push(`<a href="${escapeHtml(content.unsubscribeUrl)}" style="${mailStyles.muted}">Unsubscribe</a>`);
    text.push(`Unsubscribe: ${content.unsubscribeUrl}`);
  }
  html.push(`<p style="${mailStyles.footer}">${footer.join(' · ')}</p>`, '</body></html>');
  return { html: html.join('\n'), text: text.join('\n') };
}

export const mailStyles = {
  body: 'margin:0;padding:24px;background:#ffffff;color:#1f2328;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5',
  brand: 'margin:0 0 16px;font-size:13px;font-weight:600;letter-spacing:.04em;color:#57606a',
  h1: 'margin:0 0 12px;font-size:22px',
  h2: 'margin:20px 0 6px;font-size:16px;color:#57606a',
  p: 'margin:0 0 8px',
  ul: 'margin:0;padding-left:20px',
  li: 'margin:0 0 6px',
  a: 'color:#0969da;text-decoration:none',
  actionRow: 'margin:20px 0',
  button: 'display:inline-block;padding:10px 16px;border-radius:6px;background:#0969da;color:#ffffff;text-decoration:none;font-weight:600',
  footer: 'margin:28px 0 0;font-size:13px;color:#57606a',
  muted: 'color:#57606a',
};
