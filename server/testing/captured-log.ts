import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A logger whose lines a test reads back, each parsed from the JSON the server would write. */
export function capturedLog<Line = Record<string, unknown>>(level: pino.Level = 'info'): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const logger = pino(
    { level },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Line);
        done();
      },
    }),
  );
  return { logger, lines };
}
