import { z } from 'zod';

/**
 * Configuration, parsed once at boot from the environment. Anything invalid
 * stops the process with a message naming the variable, before it serves.
 */
const positiveInt = z.coerce.number().int().positive();

/** An environment variable holding a JSON value, checked against a schema. */
function jsonVariable<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .default('[]')
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * School sign-in: OpenID Connect providers. `id` appears in the callback URL
 * registered with the provider (`/api/auth/oidc/<id>/callback`), so it is a
 * short slug; `issuer` is where discovery starts (Entra's multi-tenant issuer
 * may hold `{tenantid}`).
 */
const oidcProvider = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'a lowercase slug of letters, digits and dashes'),
  name: z.string().min(1).max(80),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

/** LMS platforms this tool trusts for LTI 1.3 launches, as registered in each LMS. */
const ltiPlatform = z.object({
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  deploymentIds: z.array(z.string().min(1)).min(1),
  authUrl: z.url(),
  tokenUrl: z.url(),
  jwksUrl: z.url(),
});

const uniqueBy = <T>(key: (item: T) => string, what: string) => (items: T[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(key(item))) ctx.addIssue({ code: 'custom', message: `${what} ${key(item)} appears twice` });
    seen.add(key(item));
  }
};

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
  /**
   * Messages to other instances (document updates, awareness, feedback
   * events) one instance holds while Redis is unreachable; past it they are
   * dropped, and the documents they were about are caught up from the
   * database once Redis is back. Access changes are never dropped.
   */
  REDIS_PUBLISH_QUEUE_MAX: positiveInt.default(10_000),
  /**
   * How often (ms) an instance with REDIS_URL looks in the database for
   * updates of its loaded documents that no message announced (an instance
   * killed between storing and publishing), and applies them.
   */
  CATCH_UP_MS: positiveInt.default(5000),
  APP_ORIGIN: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * How many proxies of your own stand in front (false = 0, true = 1, or a
   * number): the client address is the entry the outermost one added to
   * X-Forwarded-For, never one the client wrote itself.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      if (value === 'false') return 0;
      if (value === 'true') return 1;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      ctx.addIssue({ code: 'custom', message: 'must be true, false or a number of proxies' });
      return z.NEVER;
    }),

  SESSION_IDLE_DAYS: positiveInt.default(14),
  SESSION_MAX_DAYS: positiveInt.default(60),

  LOGIN_LIMIT_PER_ACCOUNT: positiveInt.default(10),
  LOGIN_LIMIT_PER_ADDRESS: positiveInt.default(100),
  LOGIN_LIMIT_WINDOW_MINUTES: positiveInt.default(15),
  /** How long each sign-in to an account waits once it has failed LOGIN_LIMIT_PER_ACCOUNT times from anywhere. */
  LOGIN_SLOWDOWN_MS: z.coerce.number().int().min(0).max(60_000).default(3000),
  SIGNUP_LIMIT_PER_ADDRESS: positiveInt.default(300),
  SIGNUP_LIMIT_WINDOW_MINUTES: positiveInt.default(60),
  /**
   * Expensive reads one account may make per minute, all kinds together: a
   * comparison, the document at a moment, a version opened, a group's
   * contribution report, a page of threads. Past it: 429 with Retry-After.
   */
  READ_LIMIT_PER_MINUTE: positiveInt.default(120),
  /** Live streams (feed, feedback) one account may hold open on one instance; past it: 429. */
  STREAMS_PER_USER: positiveInt.default(20),
  /** Documents one account may hold open (with a sync socket) on one instance; past it the socket is closed as serverBusy. */
  DOCS_PER_USER: positiveInt.default(20),

  /** The bearer token a metrics scraper sends; without it, /metrics is not served. */
  METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  MAX_BODY_BYTES: positiveInt.default(1024 * 1024),
  MAX_MESSAGE_BYTES: positiveInt.default(8 * 1024 * 1024),
  /** Bytes queued to one socket before it is judged too slow and closed. */
  MAX_SOCKET_BUFFER_BYTES: positiveInt.default(32 * 1024 * 1024),
  MAX_LOADED_DOCS: positiveInt.default(1000),
  /** Where uploaded files (images) are kept, beside the database by default. */
  FILES_DIR: z.string().min(1).default('./data/files'),
  /** Where `npm run backup` puts each backup (a folder named by its time), unless given a folder. */
  BACKUP_DIR: z.string().min(1).default('./data/backups'),
  /** The largest file one upload may carry (an image, a Word document to import): 10 MiB. */
  MAX_UPLOAD_BYTES: positiveInt.default(10 * 1024 * 1024),
  DOC_UNLOAD_DELAY_MS: z.coerce.number().int().min(0).default(30_000),
  CHECKPOINT_EVERY_UPDATES: positiveInt.default(500),
  CHECKPOINT_EVERY_BYTES: positiveInt.default(4 * 1024 * 1024),
  /** An editing session ends after this long without an edit (10 minutes): contributions, automatic versions, feed. */
  EDIT_SESSION_GAP_MS: positiveInt.default(10 * 60 * 1000),
  /** How often the live feed looks for new events in the log. */
  FEED_POLL_MS: positiveInt.default(500),

  OIDC_PROVIDERS: jsonVariable(z.array(oidcProvider).superRefine(uniqueBy((p) => p.id, 'provider id'))),
  /** The tool's LTI signing key is replaced once it is this old (the previous one stays published a day). */
  LTI_KEY_ROTATION_DAYS: positiveInt.default(90),
  /** Where mail is sent: smtp://host:port or smtps://user:pass@host:port. Without it, mail goes to the log. */
  SMTP_URL: z
    .url()
    .refine((url) => /^smtps?:\/\//.test(url), { message: 'must be smtp://... or smtps://...' })
    .optional(),
  /** The From of every mail: an address, or a name and an address ("Commonplace <mail@school.example>"). */
  MAIL_FROM: z
    .string()
    .min(3)
    .max(200)
    .refine((from) => !/[\r\n]/.test(from), { message: 'must be one line' })
    .default('Commonplace <commonplace@localhost>'),
  /**
   * How long one instance's claim on a mail it is sending lasts. It must
   * outlast the slowest send (the SMTP timeouts bound one at about a
   * minute); when an instance dies mid-send, another takes its mail over
   * once the claim runs out.
   */
  MAIL_CLAIM_SECONDS: positiveInt.default(600),
  /** How long after the first of someone's notifications its mail waits, so several go in one and someone working live gets none. */
  NOTIFY_DELAY_SECONDS: z.coerce.number().int().min(0).default(120),
  LTI_PLATFORMS: jsonVariable(
    z.array(ltiPlatform).superRefine(uniqueBy((p) => `${p.issuer} ${p.clientId}`, 'platform (issuer and client id)')),
  ),
});

export type OidcProviderConfig = z.infer<typeof oidcProvider>;
export type LtiPlatformConfig = z.infer<typeof ltiPlatform>;

export type Config = {
  port: number;
  host: string;
  database: { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };
  redisUrl: string | undefined;
  /** Several instances over Redis: the publish queue's bound, the period of catching up from the database. */
  scaleOut: { publishQueueMax: number; catchUpMs: number };
  /** The public origin, e.g. https://commonplace.example; null accepts the request's own host. */
  appOrigin: string | null;
  secureCookies: boolean;
  logLevel: z.infer<typeof environment>['LOG_LEVEL'];
  /** Proxies of our own in front of the server (X-Forwarded-For entries to trust, from the right). */
  trustedProxies: number;
  session: { idleMs: number; maxMs: number };
  rateLimits: {
    loginPerAccount: number;
    loginPerAddress: number;
    loginWindowMs: number;
    loginSlowdownMs: number;
    signupPerAddress: number;
    signupWindowMs: number;
    /** Expensive reads per account per window (a minute). */
    readsPerUser: number;
    readWindowMs: number;
  };
  /** Live streams (SSE) one account may hold open on this instance. */
  streamsPerUser: number;
  /** The bearer token /metrics asks for; null: /metrics is not served. */
  metricsToken: string | null;
  maxBodyBytes: number;
  /** Uploaded files: where they are kept and how large one may be. */
  files: { dir: string; maxUploadBytes: number };
  /** Where `npm run backup` writes, one timestamped folder per backup. */
  backupDir: string;
  sync: {
    maxMessageBytes: number;
    maxSocketBufferBytes: number;
    maxLoadedDocs: number;
    /** Documents one account may hold open with sync sockets on this instance. */
    docsPerUser: number;
    unloadDelayMs: number;
    checkpointEveryUpdates: number;
    checkpointEveryBytes: number;
  };
  /** Contributions and versions. */
  history: { sessionGapMs: number };
  /** The activity feed. */
  activity: { pollMs: number };
  /** School sign-in providers, in the order their buttons appear. */
  oidcProviders: OidcProviderConfig[];
  /** LMS platforms trusted for LTI launches. */
  ltiPlatforms: LtiPlatformConfig[];
  /** How old the tool's LTI signing key may grow before it is rotated. */
  ltiKeyMaxAgeMs: number;
  /** Outgoing mail: through SMTP, or to the log when `smtpUrl` is null. */
  mail: { smtpUrl: string | null; from: string; notifyDelayMs: number; claimMs: number };
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
    scaleOut: { publishQueueMax: e.REDIS_PUBLISH_QUEUE_MAX, catchUpMs: e.CATCH_UP_MS },
    appOrigin,
    secureCookies: appOrigin?.startsWith('https:') ?? false,
    logLevel: e.LOG_LEVEL,
    trustedProxies: e.TRUST_PROXY,
    session: { idleMs: e.SESSION_IDLE_DAYS * day, maxMs: e.SESSION_MAX_DAYS * day },
    rateLimits: {
      loginPerAccount: e.LOGIN_LIMIT_PER_ACCOUNT,
      loginPerAddress: e.LOGIN_LIMIT_PER_ADDRESS,
      loginWindowMs: e.LOGIN_LIMIT_WINDOW_MINUTES * minute,
      loginSlowdownMs: e.LOGIN_SLOWDOWN_MS,
      signupPerAddress: e.SIGNUP_LIMIT_PER_ADDRESS,
      signupWindowMs: e.SIGNUP_LIMIT_WINDOW_MINUTES * minute,
      readsPerUser: e.READ_LIMIT_PER_MINUTE,
      readWindowMs: minute,
    },
    streamsPerUser: e.STREAMS_PER_USER,
    metricsToken: e.METRICS_TOKEN ?? null,
    maxBodyBytes: e.MAX_BODY_BYTES,
    files: { dir: e.FILES_DIR, maxUploadBytes: e.MAX_UPLOAD_BYTES },
    backupDir: e.BACKUP_DIR,
    sync: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxSocketBufferBytes: e.MAX_SOCKET_BUFFER_BYTES,
      maxLoadedDocs: e.MAX_LOADED_DOCS,
      docsPerUser: e.DOCS_PER_USER,
      unloadDelayMs: e.DOC_UNLOAD_DELAY_MS,
      checkpointEveryUpdates: e.CHECKPOINT_EVERY_UPDATES,
      checkpointEveryBytes: e.CHECKPOINT_EVERY_BYTES,
    },
    history: { sessionGapMs: e.EDIT_SESSION_GAP_MS },
    activity: { pollMs: e.FEED_POLL_MS },
    oidcProviders: e.OIDC_PROVIDERS,
    ltiPlatforms: e.LTI_PLATFORMS,
    ltiKeyMaxAgeMs: e.LTI_KEY_ROTATION_DAYS * day,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM, notifyDelayMs: e.NOTIFY_DELAY_SECONDS * 1000, claimMs: e.MAIL_CLAIM_SECONDS * 1000 },
  };
}

/**
 * The configuration of a command run from the shell (the server, a backup):
 * parsed once at its start, or the process ends at once with the message
 * naming every bad variable, before anything is opened.
 */
export function configOrExit(env: Record<string, string | undefined>): Config {
  try {
    return parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
