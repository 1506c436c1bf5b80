import type { AccessEvents } from './access-events';
import type { Config } from './config';
import type { Store } from './db/database';
import type { Access } from './features/access/access';
import type { Archive } from './features/archive/service';
import type { Accounts } from './features/auth/accounts';
import type { AccountDeletion } from './features/account-data/account-deletion';
import type { DataExport } from './features/account-data/data-export';
import type { PasswordResets } from './features/auth/password-reset';
import type { DocVisits } from './features/activity/doc-visits';
import type { EditSessions } from './features/activity/edit-sessions';
import type { FeedStreams } from './features/activity/feed-stream';
import type { Feed } from './features/activity/service';
import type { DocLocks } from './features/assignments/doc-lock';
import type { Opening } from './features/assignments/opening';
import type { Assignments } from './features/assignments/service';
import type { Submissions } from './features/assignments/submissions';
import type { Extensions } from './features/assignments/extensions';
import type { ClassView } from './features/assignments/class-view';
import type { ReviewAllocations } from './features/peer-review/allocations';
import type { ReviewOpening } from './features/peer-review/review-opening';
import type { PeerReviews } from './features/peer-review/reviews';
import type { Rubrics } from './features/peer-review/rubrics';
import type { Contributions } from './features/contributions/service';
import type { TeammateEvaluations } from './features/teammate-evaluation/service';
import type { AutoTeams } from './features/courses/auto-teams';
import type { Roster } from './features/courses/roster';
import type { SchoolSignIn } from './features/school-sign-in/service';
import type { Teams } from './features/courses/teams';
import type { Sessions } from './features/auth/sessions';
import type { Docs } from './features/docs/service';
import type { Exports } from './features/export/service';
import type { Files } from './features/files/service';
import type { Imports } from './features/import/service';
import type { Groups } from './features/groups/service';
import type { EmailInvites } from './features/invites/email-invites';
import type { Invites } from './features/invites/service';
import type { Projects } from './features/projects/service';
import type { TeamProjects } from './features/projects/team-projects';
import type { Tags } from './features/tags/service';
import type { ThreadEvents } from './features/threads/thread-events';
import type { ThreadStreams } from './features/threads/thread-stream';
import type { Threads } from './features/threads/service';
import type { Versions } from './features/versions/service';
import type { ToolKeys } from './features/lti/tool-keys';
import type { DeepLinking } from './features/lti/deep-linking';
import type { Launches } from './features/lti/launch';
import type { CourseGroups } from './features/lti/course-groups';
import type { Grades } from './features/lti/grades';
import type { RosterSync } from './features/lti/roster-sync';
import type { ServiceTokens } from './features/lti/service-token';
import type { MailDelivery } from './features/mail/delivery';
import type { UnsubscribeTokens } from './features/mail/unsubscribe-token';
import type { Schedule } from './features/mail/schedule';
import type { NotificationSettingsService } from './features/notifications/settings';
import type { Inbox } from './features/notifications/inbox';
import type { NotificationMail } from './features/notifications/notification-mail';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import type { RateLimiters } from './rate-budgets';
import type { SyncServer } from './sync/sync-server';

/**
 * Everything one server instance is made of, wired once in server.ts. Route
 * factories take the parts they use (`Pick<Domain, ...>`), never globals.
 */
export interface Domain {
  config: Config;
  /** The origin links in mail point at: APP_ORIGIN, or this server's own address once it listens. */
  publicOrigin: () => string;
  logger: Logger;
  metrics: Metrics;
  /** Where rate limits keep their counts: in memory, or in Redis shared by every instance (rate-budgets.ts). */
  rateLimiters: RateLimiters;
  store: Store;
  accessEvents: AccessEvents;
  sessions: Sessions;
  accounts: Accounts;
  /** One-time password reset links, sent by mail. */
  passwordResets: PasswordResets;
  /** School sign-in with OpenID Connect, and the ways in linked to an account. */
  schoolSignIn: SchoolSignIn;
  access: Access;
  groups: Groups;
  invites: Invites;
  /** Invites by email: an account joins at once, an address without one when it signs up. */
  emailInvites: EmailInvites;
  projects: Projects;
  docs: Docs;
  /** A course's assignments; each team's copy made once when one opens; teams' submissions. */
  assignments: Assignments;
  assignmentOpening: Opening;
  submissions: Submissions;
  /** Whether a team's copy of an assignment is locked at its due time, for each reader. */
  docLocks: DocLocks;
  /** One team's due time extended, or its locked copy reopened. */
  extensions: Extensions;
  /** A group, project and document made in one step. */
  teamProjects: TeamProjects;
  /** Teams inside a course: made, filled, moved between, joined by self-sign-up. */
  teams: Teams;
  /** A course's roster imported from a CSV file: a report first, then all of it or nothing. */
  roster: Roster;
  /** Teams formed automatically from the learners in none, at random or balanced by a roster column. */
  autoTeams: AutoTeams;
  tags: Tags;
  threads: Threads;
  /** Where committed feedback changes are published (in-process; a relay can replace it). */
  threadEvents: ThreadEvents;
  /** The live feedback streams (SSE) of open documents. */
  threadStreams: ThreadStreams;
  sync: SyncServer;
  /** The activity feed, its live streams, editing sessions and document visits. */
  feed: Feed;
  feedStreams: FeedStreams;
  editSessions: EditSessions;
  docVisits: DocVisits;
  /** Who contributed what. */
  contributions: Contributions;
  /** The instructor's view of every team of an assignment. */
  classView: ClassView;
  /** A course's rubrics for peer review, made by its instructors and reused across its assignments. */
  rubrics: Rubrics;
  /** Who reviews whom in an assignment's peer review, team to team, and the reviews a learner's team is to write. */
  reviewAllocations: ReviewAllocations;
  /** Peer review stages opening by themselves at their time, once across instances (`runDue(now)`). */
  reviewOpening: ReviewOpening;
  /** The reviews of a peer review stage: opened (`open`), written, submitted, read and rated for helpfulness. */
  peerReviews: PeerReviews;
  /** Learners rating their teammates at an assignment's end; instructors' summaries beside measured contribution. */
  teammateEvaluations: TeammateEvaluations;
  /** A document's versions and history. */
  versions: Versions;
  /** The worker that sends the outbox's mail (`kick()` after queuing some to send it now). */
  mail: MailDelivery;
  /** Each member's notification inbox (the bell). */
  inbox: Inbox;
  /** Notifications mailed, batched, to members who did not see them in the app. */
  notificationMail: NotificationMail;
  /** Signed one-click unsubscribe links for mail. */
  unsubscribeTokens: UnsubscribeTokens;
  /** Scheduled work, once per time across instances: the digest by email and assignment reminders (`runDue(now)`). */
  schedule: Schedule;
  /** Each member's notification settings: what reaches them by mail, when, in which time zone. */
  notificationSettings: NotificationSettingsService;
  /** Export: Markdown, printable HTML, Word and PDF. */
  exports: Exports;
  /** Archiving, restoring and deleting for good documents, projects, teams and courses; the 30-day purge (`purgeDue(now)`). */
  archive: Archive;
  /** Images in documents: checked by content, cleaned, kept in FILES_DIR (`storeImage` for any feature that adds one). */
  files: Files;
  /** Documents started from Word files (mammoth in a worker with limits). */
  imports: Imports;
  /** The tool's LTI 1.3 signing keys, published at /lti/jwks. */
  toolKeys: ToolKeys;
  /** LTI deep linking: an instructor places an assignment in an LMS module. */
  deepLinking: DeepLinking;
  /** What a verified LMS launch does: the account, the course for its context, the link it opens. */
  ltiLaunches: Launches;
  /** Access tokens for the LMS services (client credentials with the tool's signed assertion). */
  ltiServiceTokens: ServiceTokens;
  /** A course's roster kept as the LMS has it (Names and Roles), on launch and on demand. */
  rosterSync: RosterSync;
  /** Teams seeded from the LMS's groups, where the platform offers them. */
  courseGroups: CourseGroups;
  /** Scores sent from the class view to the LMS gradebook (Assignment and Grade). */
  grades: Grades;
  /** A person's download of everything kept about them. */
  dataExport: DataExport;
  /** A person deleting their own account: personal data erased, their text kept as "Former member". */
  accountDeletion: AccountDeletion;
}
