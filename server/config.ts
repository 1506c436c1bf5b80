import { z } from 'zod';

/**
 * Configuration, parsed once at boot from the environment. Anything invalid
 * stops the process with a message naming the variable, before it serves.
 */
const positiveInt = z.coerce.number().int().positive();

const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/commonplace.db')
    .refine((url) => url.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(url), {
      message: 'must be sqlite:<path> or postgres://...',
    }),
  REDIS_URL: z.url().optional(),
  APP_ORIGIN: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Use X-Forwarded-For for the client address (only behind a proxy you run). */
  TRUST_PROXY: z.stringbool().default(false),

  SESSION_IDLE_DAYS: positiveInt.default(14),
  SESSION_MAX_DAYS: positiveInt.default(60),

  LOGIN_LIMIT_PER_ACCOUNT: positiveInt.default(10),
  LOGIN_LIMIT_PER_ADDRESS: positiveInt.default(100),
  LOGIN_LIMIT_WINDOW_MINUTES: positiveInt.default(15),
  SIGNUP_LIMIT_PER_ADDRESS: positiveInt.default(300),
  SIGNUP_LIMIT_WINDOW_MINUTES: positiveInt.default(60),

  MAX_BODY_BYTES: positiveInt.default(1024 * 1024),
  MAX_MESSAGE_BYTES: positiveInt.default(8 * 1024 * 1024),
  /** Bytes queued to one socket before it is judged too slow and closed. */
  MAX_SOCKET_BUFFER_BYTES: positiveInt.default(32 * 1024 * 1024),
  MAX_LOADED_DOCS: positiveInt.default(1000),
  DOC_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  CHECKPOINT_EVERY_UPDATES: positiveInt.default(500),
  CHECKPOINT_EVERY_BYTES: positiveInt.default(4 * 1024 * 1024),
  /** An editing session ends after this long without an edit (10 minutes): contributions, automatic versions, feed. */
  EDIT_SESSION_GAP_MS: positiveInt.default(10 * 60 * 1000),
  /** How often the live feed looks for new events in the log. */
  FEED_POLL_MS: positiveInt.default(500),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  redisUrl: string | undefined;
  /** The public origin, e.g. https://commonplace.example; null accepts the request's own host. */
  appOrigin: string | null;
  secureCookies: boolean;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  trustProxy: boolean;
  session: { idleMs: number; maxMs: number };
  rateLimits: {
    loginPerAccount: number;
    loginPerAddress: number;
    loginWindowMs: number;
    signupPerAddress: number;
    signupWindowMs: number;
  };
  maxBodyBytes: number;
  sync: {
    maxMessageBytes: number;
    maxSocketBufferBytes: number;
    maxLoadedDocs: number;
    unloadDelayMs: number;
    checkpointEveryUpdates: number;
    checkpointEveryBytes: number;
  };
  /** Contributions and versions. */
  history: { sessionGapMs: number };
  /** The activity feed. */
  activity: { pollMs: number };
};

const day = 24 * 60 * 60 * 1000;
const minute = 60 * 1000;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const appOrigin = e.APP_ORIGIN ? new URL(e.APP_ORIGIN).origin : null;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL.startsWith('sqlite:')
      ? { kind: 'sqlite', path: e.DATABASE_URL.slice('sqlite:'.length) }
      : { kind: 'postgres', url: e.DATABASE_URL },
    redisUrl: e.REDIS_URL,
    appOrigin,
    secureCookies: appOrigin?.startsWith('https:') ?? false,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    session: { idleMs: e.SESSION_IDLE_DAYS * day, maxMs: e.SESSION_MAX_DAYS * day },
    rateLimits: {
      loginPerAccount: e.LOGIN_LIMIT_PER_ACCOUNT,
      loginPerAddress: e.LOGIN_LIMIT_PER_ADDRESS,
      loginWindowMs: e.LOGIN_LIMIT_WINDOW_MINUTES * minute,
      signupPerAddress: e.SIGNUP_LIMIT_PER_ADDRESS,
      signupWindowMs: e.SIGNUP_LIMIT_WINDOW_MINUTES * minute,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    sync: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
      maxLoadedDocs: e.MAX_LOADED_DOCS,
      unloadDelayMs: e.DOC_UNLOAD_DELAY_MS,
      checkpointEveryUpdates: e.CHECKPOINT_EVERY_UPDATES,
      checkpointEveryBytes: e.CHECKPOINT_EVERY_BYTES,
    },
    history: { sessionGapMs: e.EDIT_SESSION_GAP_MS },
    activity: { pollMs: e.FEED_POLL_MS },
  };
}
