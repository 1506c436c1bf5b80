import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { AccessEvents } from './access-events';
import { createApp } from './app';
import { serveUpgrades } from './http/socket-upgrade';
import type { Config } from './config';
import { openDatabase } from './db/database';
import { migrate } from './db/migrate';
import { ensureServerSecrets } from './db/server-secrets';
import type { Domain } from './domain';
import { Access } from './features/access/access';
import { Accounts } from './features/auth/accounts';
import { PasswordResets } from './features/auth/password-reset';
import { DocVisits } from './features/activity/doc-visits';
import { EditSessions } from './features/activity/edit-sessions';
import { EditsSinceVisit } from './features/activity/edits-since-visit';
import { FeedStreams } from './features/activity/feed-stream';
import { OngoingEdits } from './features/activity/ongoing-edits';
import { Feed } from './features/activity/service';
import { DocLocks } from './features/assignments/doc-lock';
import { Opening } from './features/assignments/opening';
import { Assignments } from './features/assignments/service';
import { Submissions } from './features/assignments/submissions';
import { Extensions } from './features/assignments/extensions';
import { LockChanges } from './features/assignments/lock-changes';
import { ClassView } from './features/assignments/class-view';
import { WrittenTexts } from './features/assignments/written-text';
import { ReviewAllocations } from './features/peer-review/allocations';
import { ReviewOpening } from './features/peer-review/review-opening';
import { PeerReviews } from './features/peer-review/reviews';
import { Rubrics } from './features/peer-review/rubrics';
import { ContributionLedger } from './features/contributions/ledger';
import { Contributions } from './features/contributions/service';
import { AccountDeletion } from './features/account-data/account-deletion';
import { DataExport } from './features/account-data/data-export';
import { TeammateEvaluations } from './features/teammate-evaluation/service';
import { AutoTeams } from './features/courses/auto-teams';
import { Roster } from './features/courses/roster';
import { SchoolSignIn } from './features/school-sign-in/service';
import { Teams } from './features/courses/teams';
import { Sessions } from './features/auth/sessions';
import { Docs } from './features/docs/service';
import { Files } from './features/files/service';
import { Imports } from './features/import/service';
import { Exports } from './features/export/service';
import { Groups } from './features/groups/service';
import { EmailInvites } from './features/invites/email-invites';
import { Invites } from './features/invites/service';
import { Projects } from './features/projects/service';
import { TeamProjects } from './features/projects/team-projects';
import { ToolKeys } from './features/lti/tool-keys';
import { Launches } from './features/lti/launch';
import { CourseGroups } from './features/lti/course-groups';
import { Grades } from './features/lti/grades';
import { RosterSync } from './features/lti/roster-sync';
import { ServiceTokens } from './features/lti/service-token';
import { DeepLinking } from './features/lti/deep-linking';
import { Tags } from './features/tags/service';
import { AcceptedSuggestions } from './features/threads/accept-suggestion';
import { Threads } from './features/threads/service';
import { DocHistory } from './features/versions/history';
import { HistoryStates } from './features/versions/history-states';
import { Versions } from './features/versions/service';
import { SessionVersions } from './features/versions/session-versions';
import { LocalThreadEvents, RelayedThreadEvents, type ThreadEvents } from './features/threads/thread-events';
import { ThreadStreams } from './features/threads/thread-stream';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { StreamSeats } from './live/stream-seats';
import { defaultStreamOptions } from './live/stream-hub';
import { MemoryRateLimiters } from './http/rate-limiters';
import { RedisRelay } from './sync/redis-relay';
import { CatchingUpRelay } from './sync/catch-up';
import { localRelay } from './sync/relay';
import { SyncServer } from './sync/sync-server';
import { appAddress } from './seed-address';
import { UnsubscribeTokens } from './features/mail/unsubscribe-token';
import { Schedule } from './features/mail/schedule';
import { outboxRetentionJob } from './features/mail/outbox-retention';
import { DigestMail } from './features/activity/digest-mail';
import { Reminders } from './features/reminders/reminders';
import { newId } from './db/ids';
import { NotificationSettingsService } from './features/notifications/settings';
import { Inbox } from './features/notifications/inbox';
import { NotificationMail } from './features/notifications/notification-mail';
import { MailDelivery, type MailDeliveryOptions } from './features/mail/delivery';
import { Archive } from './features/archive/service';
import { OpenSockets } from './features/archive/open-sockets';
import { createMailTransport, type SmtpTimeouts } from './features/mail/transport';

export interface RunningServer {
  /** http://host:port, with the port actually bound (PORT=0 picks one). */
  url: string;
  port: number;
  domain: Domain;
  /** Stops accepting, flushes every document, closes sockets and the database. */
  stop(): Promise<void>;
}

/** What a server is wired with besides its configuration. */
export interface ServerWiring {
  /**
   * The time feedback threads, editing sessions, read positions, team
   * health and the locks of assignment copies at their due time go by (ms
   * since the epoch), Date.now unless given: a test passes a
   * clock it advances, instead of sleeping for the next millisecond or day.
   */
  now?: () => number;
  /** Mail delivery's timing (a test's quick poll and short SMTP timeouts). */
  mail?: Partial<MailDeliveryOptions> & Partial<SmtpTimeouts>;
}

/** Wires one server instance and starts listening once storage is ready. */
export async function startServer(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
  wiring: ServerWiring = {},
): Promise<RunningServer> {
  const store = await openDatabase(config.database);
  await migrate(store);
  await ensureServerSecrets(store.db);

  // With REDIS_URL, instances hear each other's document updates, awareness
  // and feedback changes; the feed reads the shared event log.
  // Redis's client is loaded only when there is a Redis: a server on its own does without its memory.
  const redis = config.redisUrl
    ? { url: config.redisUrl, ...(await import('./live/redis-bus')), ...(await import('./http/redis-rate-limiters')) }
    : null;
  const bus = redis ? new redis.RedisBus(redis.url, logger, { publishQueueMax: config.scaleOut.publishQueueMax }) : null;
  // Rate limits count across instances in Redis when there is one.
  const rateLimiters = redis ? new redis.RedisRateLimiters(redis.url, logger) : new MemoryRateLimiters();
  // Every live stream of an account, feed and feedback alike, takes one of its seats.
  const streamOptions = { ...defaultStreamOptions, seats: new StreamSeats(config.streamsPerUser) };
  const metrics = createMetrics();
  // Access changes reach the connections of every instance (access-events.ts).
  const accessEvents = new AccessEvents(bus ?? undefined);
  // Updates stored and never announced reach the other instances within a period (catch-up.ts).
  const relay = bus ? new CatchingUpRelay(new RedisRelay(bus), store.db, { periodMs: config.scaleOut.catchUpMs, logger }) : null;
  const sessions = new Sessions(store.db, config.session, accessEvents);
  // Contribution totals and session versions commit with the updates they come from.
  const sessionVersions = new SessionVersions(config.history.sessionGapMs);
  const history = new DocHistory(store.db);
  // Compare and restore start from each document's state with its deleted text, kept near the log's end (history-states.ts).
  const historyStates = new HistoryStates(store.db, history, logger);
  const sync = new SyncServer({
    store,
    config: config.sync,
    logger,
    metrics,
    commitHooks: [new ContributionLedger(config.history.sessionGapMs), sessionVersions],
    relay: relay ?? localRelay,
    now: wiring.now,
    checkpointed: (docId, lastUpdateId) => historyStates.advanceSoon(docId, lastUpdateId),
  });
  const contributions = new Contributions(store.db, history, sync);
  const versions = new Versions(store.db, history, historyStates, sessionVersions, sync);
  accessEvents.subscribe((event) => sync.handleAccessEvent(event));
  const tags = new Tags(store.db);
  const threadEvents: ThreadEvents = bus ? new RelayedThreadEvents(bus) : new LocalThreadEvents();
  const threadStreams = new ThreadStreams(threadEvents, accessEvents, streamOptions);
  const editSessions = new EditSessions(store.db, history, { gapMs: config.history.sessionGapMs, logger }, wiring.now);
  const editsSinceVisit = new EditsSinceVisit(store.db, history);
  const ongoingEdits = new OngoingEdits(store.db, history, editSessions, { gapMs: config.history.sessionGapMs, logger }, wiring.now);
  const feedStreams = new FeedStreams(store.db, accessEvents, editsSinceVisit, ongoingEdits, { pollMs: config.activity.pollMs, logger, stream: streamOptions });
  await feedStreams.start();
  editSessions.start();

  const groups = new Groups(store.db, accessEvents);
  const projects = new Projects(store.db);
  const docs = new Docs(store.db);
  const access = new Access(store.db);
  const docLocks = new DocLocks(store.db, wiring.now);
  // Each team's copy is made when an assignment opens: on a sweep, on reading it, and for a team made later.
  const assignmentOpening = new Opening(store, history, sync, { sweepMs: 5000, logger }, wiring.now);
  const teams = new Teams(store.db, store.kind, accessEvents, wiring.now, logger);
  teams.onTeamCreated((courseId) => assignmentOpening.teamCreated(courseId));
  const ltiLaunches = new Launches(groups, teams, logger, wiring.now);
  const emailInvites = new EmailInvites(store.db, accessEvents);
  const roster = new Roster(store.db, store.kind, teams, wiring.now);
  const toolKeys = new ToolKeys(store.db, wiring.now);
  const ltiServiceTokens = new ServiceTokens(toolKeys, config.ltiPlatforms, wiring.now);
  const classView = new ClassView(store.db, new WrittenTexts(store.db, history, wiring.now), wiring.now);
  const assignments = new Assignments(store.db, access, assignmentOpening, wiring.now);
  const rubrics = new Rubrics(store.db, access, wiring.now);
  // A peer review stage opens by an instructor or at its time; a team submitting after it gets its reviews in its submission's transaction.
  const reviewOpening = new ReviewOpening(store.db, accessEvents, logger, wiring.now);
  const submissions = new Submissions(store.db, history, sync, wiring.now);
  submissions.onSubmitted((trx, submission) => reviewOpening.teamSubmitted(trx, submission));
  // Known once the server listens (PORT=0 picks the port then), unless APP_ORIGIN names it.
  let origin = appAddress(config) ?? 'http://localhost';
  const unsubscribeTokens = new UnsubscribeTokens(store.db);
  const { timeoutMs, ...mailTiming } = wiring.mail ?? {};
  const mail = new MailDelivery(
    {
      store,
      transport: await createMailTransport(config.mail, logger, { timeouts: timeoutMs ? { timeoutMs } : undefined, now: wiring.now }),
      from: config.mail.from,
      publicOrigin: () => origin,
      unsubscribeTokens,
      logger,
      now: wiring.now ?? Date.now,
    },
    { claimMs: config.mail.claimMs, ...mailTiming },
  );
  const domain: Domain = {
    config,
    publicOrigin: () => origin,
    logger,
    metrics,
    rateLimiters,
    store,
    accessEvents,
    sessions,
    accounts: new Accounts(store.db, sessions),
    passwordResets: new PasswordResets(store.db, sessions, { publicOrigin: () => origin, mail, logger, now: wiring.now }),
    schoolSignIn: new SchoolSignIn(store, config.oidcProviders, { emailInvites, roster }, wiring.now),
    access,
    groups,
    invites: new Invites(store.db, accessEvents),
    emailInvites,
    projects,
    docs,
    assignments,
    assignmentOpening,
    submissions,
    docLocks,
    extensions: new Extensions(store.db, access, new LockChanges(store.db, sync, bus, logger), wiring.now),
    teamProjects: new TeamProjects(store.db, { groups, projects, docs }),
    teams,
    roster,
    autoTeams: new AutoTeams(store.db, store.kind, teams),
    tags,
    threads: new Threads(store.db, tags, threadEvents, new AcceptedSuggestions(store.db, history, sync, docLocks), wiring.now),
    threadEvents,
    threadStreams,
    sync,
    feed: new Feed(store.db, editsSinceVisit, ongoingEdits, wiring.now),
    feedStreams,
    editSessions,
    docVisits: new DocVisits(store.db, editSessions, editsSinceVisit, history, wiring.now),
    contributions,
    classView,
    rubrics,
    reviewAllocations: new ReviewAllocations(store.db, access, assignments, rubrics, wiring.now),
    reviewOpening,
    peerReviews: new PeerReviews(store.db, access, assignments, rubrics, reviewOpening, accessEvents, wiring.now),
    teammateEvaluations: new TeammateEvaluations(store.db, access, assignments, contributions, wiring.now),
    versions,
    exports: new Exports(versions, contributions, store.db, config.files.dir),
    files: new Files(store.db, config.files.dir, wiring.now),
    archive: new Archive(store.db, new OpenSockets(store.db, sync, bus, logger), { filesDir: config.files.dir, logger }, wiring.now),
    imports: new Imports(docs, { storeImage: (image) => domain.files.storeImage(image) }, sync, config.sync.maxMessageBytes, logger),
    mail,
    unsubscribeTokens,
    notificationSettings: new NotificationSettingsService(store.db, wiring.now),
    inbox: new Inbox(store.db, wiring.now),
    notificationMail: new NotificationMail(
      store.db,
      unsubscribeTokens,
      { inDocument: (userId, docId) => sync.isOpenBy(docId, userId), inFeed: (userId) => feedStreams.count(userId) > 0 },
      () => origin,
      { intervalMs: Math.min(10_000, Math.max(1000, config.mail.notifyDelayMs / 4)), delayMs: config.mail.notifyDelayMs, logger, queued: () => void mail.kick() },
      wiring.now,
    ),
    schedule: new Schedule(store.db, { instance: newId(), logger }, wiring.now),
    toolKeys,
    ltiLaunches,
    ltiServiceTokens,
    rosterSync: new RosterSync(store.db, store.kind, ltiServiceTokens, teams, logger, wiring.now),
    courseGroups: new CourseGroups(store.db, ltiServiceTokens, teams),
    grades: new Grades(store.db, ltiServiceTokens, classView, wiring.now),
    deepLinking: new DeepLinking(store.db, access, assignments, toolKeys, wiring.now),
    dataExport: new DataExport(store.db, versions, { render: (...args) => domain.exports.render(...args) }, { read: (userId) => domain.notificationSettings.read(userId) }, wiring.now),
    accountDeletion: new AccountDeletion(store.db, accessEvents, wiring.now),
  };

  domain.schedule.add(
    new DigestMail(store.db, domain.feed, domain.unsubscribeTokens, () => origin, logger).job(),
    new Reminders(store.db, classView, domain.unsubscribeTokens, () => origin, logger).job(),
    outboxRetentionJob(store.db),
    domain.archive.job(),
  );
  // The roster of a launched LMS course follows the LMS, without the launch waiting for it.
  ltiLaunches.onLaunched((context, payload) => domain.rosterSync.afterLaunch(context, payload));
  assignmentOpening.start();
  domain.notificationMail.start();
  const app = createApp(domain);
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.sync.maxMessageBytes });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host });
  serveUpgrades(server, app.fetch, wss, (err) => logger.error({ err }, 'a WebSocket upgrade failed'));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;
  origin = config.appOrigin ?? url;
  logger.info({ url, database: store.kind }, 'Commonplace is listening');
  // After the origin is known: links in mail point at it. Runs what was missed while down, then each hour.
  domain.schedule.start();
  reviewOpening.start();
  // After the origin is known: links in mail point at it.
  mail.start();

  // Expired sessions are refused when used anyway; sweeping ends their open sockets too.
  const sweep = setInterval(
    () => void sessions.sweep().catch((err) => logger.warn({ err }, 'session sweep failed')),
    60 * 1000,
  );
  sweep.unref();
  const keyRotation = setInterval(
    () => void toolKeys.rotateWhenOlderThan(config.ltiKeyMaxAgeMs).catch((err) => logger.warn({ err }, 'LTI key rotation failed')),
    60 * 60 * 1000,
  );
  keyRotation.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(sweep);
      clearInterval(keyRotation);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await threadStreams.stop();
      await feedStreams.stop();
      await editSessions.stop();
      await assignmentOpening.stop();
      await domain.schedule.stop();
      await reviewOpening.stop();
      await domain.notificationMail.stop();
      // Before the documents' last checkpoints, which would start advances that nobody waits for.
      await historyStates.stop();
      await sync.stop();
      relay?.stop();
      accessEvents.stop();
      // A mail being handed to the relay is recorded before storage closes.
      await mail.stop();
      // Reset requests answered but not yet written finish before storage closes.
      await domain.passwordResets.settled();
      await bus?.close();
      await rateLimiters.close();
      for (const client of wss.clients) client.terminate();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await closed;
      await store.close();
      logger.info('Commonplace stopped');
    })());

  return { url, port, domain, stop };
}
