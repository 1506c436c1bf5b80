import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** Structured JSON logs on stdout; one line per event. */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({ level, base: { service: 'commonplace' } });
}
