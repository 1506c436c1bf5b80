import type { DigestResponse, FeedItem, FeedResponse } from '../../../shared/schemas/activity';
import { type MailContent, renderMail } from '../mail/layout';
import { counted, formatCount } from './feed-text';

/** The footer of a digest: why it came, and (by mail) where to change or stop it. */
export type DigestFooter = Pick<MailContent, 'reason' | 'settingsUrl' | 'unsubscribeUrl'>;

const readerFooter: DigestFooter = { reason: 'The news of your groups in Commonplace since your last visit.' };

/**
 * The feed as an email, in the one look of every mail (mail/layout.ts): a
 * subject, HTML and the same in plain text; what waits for the reader
 * first, then the rest by place, then the team's health. Every string that
 * comes from users is escaped by the layout; links are absolute, on
 * `origin`. `GET /api/feed/digest` shows it as it is; the digest by email
 * (digest-mail.ts) sends it with a footer to turn it off.
 */
export function renderDigest(feed: FeedResponse, origin: string, footer: DigestFooter = readerFooter): DigestResponse {
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
  const linked = (item: FeedItem) => ({ text: item.text, url: origin + item.link });
  const placeOf = (item: FeedItem) => [item.group.name, item.project?.name, item.doc?.title].filter(Boolean).join(' › ');

  // Items without a need, by place, in the feed's order.
  const places = new Map<string, FeedItem[]>();
  for (const item of others) {
    const place = placeOf(item);
    places.set(place, [...(places.get(place) ?? []), item]);
  }
  const sections: NonNullable<MailContent['sections']>[number][] = [];
  if (needing.length > 0) sections.push({ title: 'Waiting for you', items: needing.map(linked) });
  for (const [place, items] of places) sections.push({ title: place, items: items.map(linked) });
  const health = feed.health.flatMap((h) => h.sentences.map((text) => ({ text, url: `${origin}/groups/${h.group.id}` })));
  if (health.length > 0) sections.push({ title: 'Team health', items: health });

  const { html, text } = renderMail({
    heading,
    paragraphs: feed.sentences,
    sections,
    action: { label: 'Open Commonplace', url: `${origin}/` },
    ...footer,
  });
  return { subject, html, text };
}
