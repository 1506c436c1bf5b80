import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { MailMessage, MailTransport, SmtpTimeouts } from './transport';

/**
 * Each wait is bounded, so a relay that accepts the connection and then
 * says nothing is a temporary failure like any other, rather than a send
 * that holds its claim on the message forever.
 */
export const defaultSmtpTimeouts: SmtpTimeouts = { timeoutMs: 20_000 };

/**
 * SMTP through nodemailer, one connection per mail (a send is rare enough;
 * a pool would hold a connection to a relay that may drop it when idle).
 * smtps:// speaks TLS from the start; smtp:// upgrades with STARTTLS when
 * the relay offers it. A user and password in the URL log in.
 */
export class SmtpTransport implements MailTransport {
  readonly #transport;

  constructor(smtpUrl: string, timeouts: SmtpTimeouts = defaultSmtpTimeouts) {
    this.#transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: timeouts.timeoutMs,
      greetingTimeout: timeouts.timeoutMs,
      socketTimeout: timeouts.timeoutMs,
      // A socket that ends badly is destroyed at once rather than waited on.
      socketCloseTimeout: 0,
    });
  }

  async send(message: MailMessage): Promise<void> {
    const options: SendMailOptions = {
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      messageId: message.messageId,
      headers: message.headers,
    };
    await this.#transport.sendMail(options);
  }

  close(): void {
    this.#transport.close();
  }
}
