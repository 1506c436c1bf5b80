import { unsubscribePath, type UnsubscribeTokens } from './unsubscribe-token';
import type { OutboxMessage } from './outbox-claims';
import type { MailMessage } from './transport';

/**
 * The mail an outbox row becomes. Its Message-ID is made from the row's id
 * (`<id@domain of MAIL_FROM>`), so a mail sent again after a crash carries
 * the same one and a reader's client can tell it is the same mail. A mail
 * that can be turned off carries a one-click unsubscribe (RFC 8058): a
 * signed link that a mail client POSTs `List-Unsubscribe=One-Click` to.
 *
 * Header values here are the row's id, a signed token and the origin; the
 * subject and addresses, which may hold what users typed, are encoded by
 * nodemailer (a line break cannot start a header of its own).
 */
export async function outgoingMessage(
  row: OutboxMessage,
  context: { from: string; origin: string; unsubscribeTokens: Pick<UnsubscribeTokens, 'sign'> },
): Promise<MailMessage> {
  const headers: Record<string, string> = {};
  if (row.unsubscribe_kind && row.user_id) {
    const token = await context.unsubscribeTokens.sign(row.user_id, row.unsubscribe_kind);
    headers['List-Unsubscribe'] = `<${context.origin}${unsubscribePath(token)}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: context.from,
    to: row.to_address,
    subject: row.subject,
    html: row.html,
    text: row.text,
    messageId: `<${row.id}@${fromDomain(context.from)}>`,
    headers,
  };
}

/** The domain of MAIL_FROM's address ("Commonplace <mail@school.example>" -> school.example). */
export function fromDomain(from: string): string {
  const address = /<([^>]*)>/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim();
  return /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost';
}
