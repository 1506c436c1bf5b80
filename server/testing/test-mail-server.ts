import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as the SMTP server received it, parsed. */
export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header lines by lowercase name, as the parser reads them. */
  headers: ParsedMail['headers'];
  raw: Buffer;
}

/**
 * What the server answers to a mail's data: accept it, refuse it (a 4xx code
 * is temporary, a 5xx permanent), never answer (the sender times out), or
 * drop the connection before answering.
 */
export type MailAnswer = 'accept' | { refuse: number; message?: string } | 'hang' | 'drop';

export interface TestMailServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Every mail accepted so far, in order. */
  received: ReceivedMail[];
  /** How the next mails are answered; `accept` unless set (it can look at the mail). */
  answer: (mail: ReceivedMail) => MailAnswer;
  /** Resolves with the first accepted mail (already received or still to come) that matches. */
  waitFor(match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free port of this machine, for tests: mail sent
 * to it is parsed and kept, and a test can make it refuse, stall or drop.
 * No TLS and no authentication (it accepts any login), as on a local relay.
 */
export async function startTestMailServer(): Promise<TestMailServer> {
  const accepted = new EventEmitter();
  const state: TestMailServer = {
    url: '',
    received: [],
    answer: () => 'accept',
    waitFor: (match) =>
      new Promise((resolve) => {
        const found = state.received.find(match);
        if (found) return resolve(found);
        const listener = (mail: ReceivedMail) => {
          if (!match(mail)) return;
          accepted.off('mail', listener);
          resolve(mail);
        };
        accepted.on('mail', listener);
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
            raw,
          };
          const answer = state.answer(mail);
          if (answer === 'hang') return;
          if (answer === 'drop') {
            (session as unknown as { socket?: { destroy(): void } }).socket?.destroy();
            return;
          }
          if (answer !== 'accept') {
            const error = Object.assign(new Error(answer.message ?? 'refused by the test server'), { responseCode: answer.refuse });
            return callback(error);
          }
          state.received.push(mail);
          accepted.emit('mail', mail);
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}
