import type { NodemailerError } from 'nodemailer';
import type { Config } from '../../config';
import type { Logger } from '../../logger';

/** One mail ready to leave: addresses, headers and both bodies, as nodemailer takes them. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  /** Extra header lines (List-Unsubscribe...), each value one line. */
  headers: Record<string, string>;
}

/** Where mail leaves the server: an SMTP relay, or the log on a machine that has none. */
export interface MailTransport {
  /** Resolves once the mail is handed over; rejects with what went wrong (see sendFailure). */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export interface SmtpTimeouts {
  /** How long to wait for the connection, for the greeting, and between bytes of any answer (ms). */
  timeoutMs: number;
}

/** A mail as the log transport kept it, for the development page. */
export interface LoggedMail {
  at: number;
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/**
 * Without SMTP_URL, mail is written to the log (recipient, subject and the
 * text body, which holds every link), so a fresh machine still runs and a
 * reset link can be read off the console. Outside production the last
 * `keep` are also held in memory for GET /dev/mail.
 */
export class LogTransport implements MailTransport {
  readonly #recent: LoggedMail[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly keep: number,
    private readonly now: () => number = Date.now,
  ) {}

  async send(message: MailMessage): Promise<void> {
    this.logger.info({ mail: { to: message.to, subject: message.subject, messageId: message.messageId, text: message.text } }, 'mail (no SMTP_URL: logged, not sent)');
    if (this.keep === 0) return;
    this.#recent.unshift({ at: this.now(), to: message.to, subject: message.subject, text: message.text, messageId: message.messageId });
    this.#recent.length = Math.min(this.#recent.length, this.keep);
  }

  /** The mails kept, newest first. */
  recent(): readonly LoggedMail[] {
    return this.#recent;
  }

  close(): void {}
}

/** How many logged mails the development page lists. */
const keptForDevelopment = 50;

/**
 * The transport config.mail asks for: SMTP with a URL (nodemailer, loaded
 * only then: a server without a relay does without its memory), else the
 * log (kept in memory outside production).
 */
export async function createMailTransport(
  mail: Config['mail'],
  logger: Logger,
  options: { timeouts?: SmtpTimeouts; now?: () => number } = {},
): Promise<MailTransport> {
  if (mail.smtpUrl) {
    const { SmtpTransport } = await import('./smtp-transport');
    return new SmtpTransport(mail.smtpUrl, options.timeouts);
  }
  const production = process.env.NODE_ENV === 'production';
  return new LogTransport(logger, production ? 0 : keptForDevelopment, options.now);
}

/**
 * What a failed send means for the mail. A relay's 5xx answer (except 503,
 * "bad sequence", a fault of the session) refuses this mail for good, as
 * does an address nodemailer cannot put in an envelope; anything else (a
 * 4xx answer, a refused, reset or dropped connection, a timeout, a login
 * the relay refused, which its operator can fix) may go on a later try.
 */
export function sendFailure(err: unknown): { permanent: boolean; reason: string } {
  const error = (err ?? {}) as NodemailerError;
  const reason = oneLineReason(error.response ?? error.message ?? String(err));
  const code = error.code ? `${error.code}: ` : '';
  if (error.code === 'EAUTH') return { permanent: false, reason: `${code}${reason}` };
  if (typeof error.responseCode === 'number') {
    const permanent = error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503;
    return { permanent, reason: `${code}${reason}` };
  }
  return { permanent: error.code === 'EENVELOPE', reason: `${code}${reason}` };
}

function oneLineReason(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 500);
}
