import { notificationKinds, type NotificationKind } from '../../../shared/schemas/notifications';
import { renderMail } from '../mail/layout';

/**
 * The words of a notifications mail: every pending notification of one
 * member as a linked line, a button into the app, why it came, and the
 * ways to stop it. All of it goes through renderMail, which escapes what
 * users wrote.
 */

export interface MailedNotification {
  kind: NotificationKind;
  text: string;
  /** A path in the app. */
  link: string;
}

export interface NotificationMailText {
  subject: string;
  html: string;
  text: string;
}

const why: Record<NotificationKind, string> = {
  replies: 'someone replied in your threads',
  mentions: 'someone mentioned you',
  suggestions: 'someone gave feedback on your text',
  decisions: 'someone decided on your suggestions',
  reminders: 'an assignment is due soon',
};

export function notificationMailText(
  items: readonly MailedNotification[],
  links: { origin: string; unsubscribeUrl: string },
): NotificationMailText {
  const kinds = notificationKinds.filter((kind) => items.some((item) => item.kind === kind));
  const subject = items.length === 1 ? items[0]!.text : `${items.length} new notifications on Commonplace`;
  const { html, text } = renderMail({
    heading: items.length === 1 ? 'A new notification' : `${items.length} new notifications`,
    paragraphs: ['While you were away:'],
    sections: [{ title: 'Notifications', items: items.map((item) => ({ text: item.text, url: `${links.origin}${item.link}` })) }],
    action: { label: 'Open Commonplace', url: `${links.origin}/` },
    reason: `You get this because ${joinPhrases(kinds.map((kind) => why[kind]))} while you were not in Commonplace.`,
    settingsUrl: `${links.origin}/settings#notifications`,
    unsubscribeUrl: links.unsubscribeUrl,
  });
  return { subject, html, text };
}

/**
 * The one kind a mail's one-click unsubscribe turns off: one click is one
 * action (RFC 8058), so it cannot be "all of these". The kind most of the
 * mail is about is the one the reader most likely wants gone; ties go to the
 * kind listed first. The settings link in the same mail reaches the others.
 */
export function unsubscribeKindOf(items: readonly { kind: NotificationKind }[]): NotificationKind {
  let best: NotificationKind = items[0]?.kind ?? 'replies';
  let bestCount = 0;
  for (const kind of notificationKinds) {
    const count = items.filter((item) => item.kind === kind).length;
    if (count > bestCount) [best, bestCount] = [kind, count];
  }
  return best;
}

function joinPhrases(phrases: readonly string[]): string {
  return phrases.length <= 1 ? (phrases[0] ?? '') : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`;
}
