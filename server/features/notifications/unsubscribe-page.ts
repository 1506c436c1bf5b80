import type { MailKind } from '../../../shared/schemas/notifications';
import { escapeHtml } from '../mail/layout';

/**
 * The pages of an unsubscribe link, written by the server (the link must
 * work without the app's script and without signing in): what it turns off,
 * the button that does it, and what happened. Everything embedded is
 * escaped; the only script-free form posts back to the link itself.
 */

/** What each kind of mail is, in the words of "you will no longer get …". */
export const mailKindNames: Record<MailKind, string> = {
  replies: 'mail about replies to your threads',
  mentions: 'mail when someone mentions you',
  suggestions: 'mail about suggestions on your text',
  decisions: 'mail when your suggestions are accepted or rejected',
  reminders: 'reminders of assignments due soon',
  digest: 'the “while you were away” digest by mail',
};

export const settingsPath = '/settings#notifications';

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Commonplace</title>
<style>
body { font-family: system-ui, sans-serif; color: #1f2933; background: #f5f7fa; margin: 0; }
main { max-width: 32rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
h1 { font-size: 1.4rem; margin-top: 0; }
button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 0; background: #1d4ed8; color: #fff; cursor: pointer; }
a { color: #1d4ed8; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
<p><a href="${settingsPath}">Notification settings</a></p>
</main>
</body>
</html>
`;

/** Opening the link: names what the button turns off. `action` is the link's own path. */
export function confirmPage(action: string, kind: MailKind, alreadyOff: boolean): string {
  if (alreadyOff) return page('Already unsubscribed', `<p>You no longer get ${escapeHtml(mailKindNames[kind])}.</p>`);
  return page(
    'Unsubscribe',
    `<p>Stop getting ${escapeHtml(mailKindNames[kind])}? Everything stays in the app.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`,
  );
}

/** After the one-click post, from a person's button or their mail provider. */
export function unsubscribedPage(kind: MailKind): string {
  return page('Unsubscribed', `<p>You will no longer get ${escapeHtml(mailKindNames[kind])}. You can turn it back on in your notification settings.</p>`);
}

/** A link that is not one we signed, or whose account is gone. */
export function invalidLinkPage(): string {
  return page(
    'This link does not work',
    '<p>This unsubscribe link is not valid: it may have been cut short by your mail program. Nothing was changed. Sign in to choose what mail you get.</p>',
  );
}
