import { EventEmitter } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
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
  /** Which connection brought it: 1 for the first the server accepted, and so on. */
  connection: number;
}

/**
 * What the server answers to a mail's data: accept it, refuse it (a 4xx code
 * is temporary, a 5xx permanent), never answer (the sender times out), or
 * drop the connection in the middle of the mail's transaction: its data has
 * arrived, no answer has gone, so the sender cannot know whether it was taken.
 */
export type MailAnswer = 'accept' | { refuse: number; message?: string } | 'hang' | 'drop';

export interface TestMailServer {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  /** Every mail accepted so far, in order. */
  received: ReceivedMail[];
  /** Every mail whose data arrived, whatever the answer, in order. */
  offered: ReceivedMail[];
  /**
   * How many connections the server has accepted so far. A test that kills a
   * sender can tell its mails from a new sender's by this: data the dead
   * process wrote may still be read after the kill, but only on connections
   * it opened, which are numbered at or below the count taken then.
   */
  connections: number;
  /**
   * How the next mails are answered; `accept` unless set (it can look at the
   * mail). It may take its time (a promise): no answer goes until it settles.
   */
  answer: (mail: ReceivedMail) => MailAnswer | Promise<MailAnswer>;
  /** Resolves with the first accepted mail (already received or still to come) that matches. */
  waitFor(match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  /** Resolves with the first mail offered (already or still to come, whatever the answer) that matches. */
  waitForOffered(match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  /** Closes the port and every connection, hung ones too. */
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free port of this machine, for tests: mail sent
 * to it is parsed and kept, and a test can make it refuse, stall or drop.
 * No TLS and no authentication (it accepts any login), as on a local relay.
 */
export async function startTestMailServer(): Promise<TestMailServer> {
  const events = new EventEmitter();
  // A test may wait for every mail it sent at once: one listener each, not a leak.
  events.setMaxListeners(0);
  const waitIn =
    (list: () => ReceivedMail[], event: string) =>
    (match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> =>
      new Promise((resolve) => {
        const found = list().find(match);
        if (found) return resolve(found);
        const listener = (mail: ReceivedMail) => {
          if (!match(mail)) return;
          events.off(event, listener);
          resolve(mail);
        };
        events.on(event, listener);
      });
  // Each session's connection number, by smtp-server's session id (kept after
  // it closes: a dead sender's mail can still be parsed after its socket reset).
  const connectionOf = new Map<string, number>();
  // Every socket, so that close ends hung ones too (smtp-server waits up to 30 s for them).
  const sockets = new Set<Socket>();
  const state: TestMailServer = {
    url: '',
    received: [],
    offered: [],
    connections: 0,
    answer: () => 'accept',
    waitFor: waitIn(() => state.received, 'accepted'),
    waitForOffered: waitIn(() => state.offered, 'offered'),
    close: () =>
      new Promise<void>((resolve) => {
        server.server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect(session, callback) {
      state.connections += 1;
      connectionOf.set(session.id, state.connections);
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then(async (parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            messageId: parsed.messageId ?? '',
            headers: parsed.headers,
            raw,
            connection: connectionOf.get(session.id) ?? 0,
          };
          const answer = await state.answer(mail);
          state.offered.push(mail);
          events.emit('offered', mail);
          if (answer === 'hang') return;
          if (answer === 'drop') {
            // smtp-server keeps its connections to itself; the session's id is its connection's.
            const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
            for (const connection of connections) if (connection.id === session.id) connection._socket.destroy();
            return;
          }
          if (answer !== 'accept') {
            const error = Object.assign(new Error(answer.message ?? 'refused by the test server'), { responseCode: answer.refuse });
            return callback(error);
          }
          state.received.push(mail);
          events.emit('accepted', mail);
          callback();
        });
      });
    },
  });
  // A sender that dies mid-session (a killed server process, as the crash
  // tests do on purpose) resets its connection: smtp-server reports that as
  // an error of the server, which unheard would end the test run. The mail
  // it was sending is simply not received, as on a real relay.
  server.on('error', () => {});
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return state;
}

/**
 * A header's value as it went over the wire, unfolded (a long header is
 * folded onto the next lines); '' when absent. mailparser reads some headers
 * (List-Unsubscribe) into objects of its own; this is the text itself.
 */
export function rawHeader(raw: Buffer, name: string): string {
  const head = raw.toString('latin1').split('\r\n\r\n')[0]!.replace(/\r\n(?=[ \t])/g, '');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}
