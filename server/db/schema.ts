import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/permissions';
import type { EventType, NeedsYouReason } from '../../shared/schemas/activity';
import type { ThreadKind, ThreadStatus, ThreadVisibility } from '../../shared/schemas/threads';
import type { Delivery, DigestFrequency, MailKind, NotificationKind } from '../../shared/schemas/notifications';
import type { ReviewAnonymity } from '../../shared/schemas/peer-reviews';

/** A column a row may be inserted without (it has a default). */
type Optional<T> = ColumnType<T, T | undefined, T>;

/**
 * The tables, as Kysely sees them. Timestamps are milliseconds since the epoch
 * (bigint in PostgreSQL, integer in SQLite); binary columns are Uint8Array.
 */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  groups: GroupsTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  email_invites: EmailInvitesTable;
  projects: ProjectsTable;
  documents: DocumentsTable;
  doc_updates: DocUpdatesTable;
  doc_checkpoints: DocCheckpointsTable;
  doc_history_states: DocHistoryStatesTable;
  doc_deletions: DocDeletionsTable;
  doc_client_ids: DocClientIdsTable;
  doc_contributions: DocContributionsTable;
  doc_activity: DocActivityTable;
  doc_versions: DocVersionsTable;
  annotation_tags: AnnotationTagsTable;
  threads: ThreadsTable;
  thread_replies: ThreadRepliesTable;
  thread_mentions: ThreadMentionsTable;
  thread_status_changes: ThreadStatusChangesTable;
  events: EventsTable;
  event_recipients: EventRecipientsTable;
  feed_reads: FeedReadsTable;
  doc_visits: DocVisitsTable;
  edit_sessions: EditSessionsTable;
  activity_progress: ActivityProgressTable;
  assignments: AssignmentsTable;
  assignment_teams: AssignmentTeamsTable;
  submissions: SubmissionsTable;
  doc_written_text: DocWrittenTextTable;
  roster_entries: RosterEntriesTable;
  identities: IdentitiesTable;
  oidc_flows: OidcFlowsTable;
  lti_keys: LtiKeysTable;
  lti_nonces: LtiNoncesTable;
  lti_contexts: LtiContextsTable;
  lti_resource_links: LtiResourceLinksTable;
  lti_roster_members: LtiRosterMembersTable;
  lti_deep_link_requests: LtiDeepLinkRequestsTable;
  lti_scores: LtiScoresTable;
  outbox_messages: OutboxMessagesTable;
  scheduled_runs: ScheduledRunsTable;
  password_resets: PasswordResetsTable;
  notifications: NotificationsTable;
  notification_settings: NotificationSettingsTable;
  server_secrets: ServerSecretsTable;
  digest_mails: DigestMailsTable;
  rubrics: RubricsTable;
  peer_review_stages: PeerReviewStagesTable;
  peer_review_allocations: PeerReviewAllocationsTable;
  peer_reviews: PeerReviewsTable;
  teammate_ratings: TeammateRatingsTable;
  teammate_evaluation_releases: TeammateEvaluationReleasesTable;
  teammate_grades: TeammateGradesTable;
  files: FilesTable;
  invite_bars: InviteBarsTable;
  audit_entries: AuditEntriesTable;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  /** argon2id PHC string; empty for an account made through a school sign-in or an LMS, which matches no password. */
  password_hash: string;
  created_at: number;
  /** Set when the owner deleted the account: the row stays as the author of kept text, its personal data erased. */
  deleted_at: Optional<number | null>;
}

export interface SessionsTable {
  /** The public half of the token, also the primary key. */
  id: string;
  user_id: string;
  /** SHA-256 of the token's secret half; the secret itself is never stored. */
  secret_hash: Uint8Array;
  created_at: number;
  last_verified_at: number;
}

export interface GroupsTable {
  id: string;
  name: string;
  created_by: string;
  created_at: number;
  /** The course a team belongs to; null for a course or a group on its own. */
  parent_id: string | null;
  /** A course's cap on team size when learners may pick their team themselves; null when they may not. */
  self_signup_max: number | null;
  /** When an instructor archived it (hidden, read-only, restorable for 30 days); null: in use. */
  archived_at: Optional<number | null>;
  archived_by: Optional<string | null>;
}

export interface MembershipsTable {
  group_id: string;
  user_id: string;
  role: Role;
  created_at: number;
  /**
   * The course whose instructor this is, for a team's instructor rows that
   * follow the course's instructors; null for a membership given directly.
   */
  inherited_from: string | null;
  /**
   * The name this member is known by in the group to everyone but its
   * instructors ("Reviewer 1" in a peer review's room); null: their own.
   */
  alias: Optional<string | null>;
}

export interface InvitesTable {
  code: string;
  group_id: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  max_uses: number | null;
  uses: number;
  revoked_at: number | null;
}

/** An invite by email waiting for its address to sign up. */
export interface EmailInvitesTable {
  group_id: string;
  email: string;
  role: Role;
  created_by: string;
  created_at: number;
}

export interface ProjectsTable {
  id: string;
  group_id: string;
  name: string;
  created_by: string;
  created_at: number;
  /** When an instructor archived it (hidden, read-only, restorable for 30 days); null: in use. */
  archived_at: Optional<number | null>;
  archived_by: Optional<string | null>;
}

export interface DocumentsTable {
  id: string;
  project_id: string;
  title: string;
  created_by: string;
  created_at: number;
  updated_at: number;
  /** When an instructor archived it (hidden, read-only, restorable for 30 days); null: in use. */
  archived_at: Optional<number | null>;
  archived_by: Optional<string | null>;
}

/** The attributed log of every Yjs update a document ever accepted. */
export interface DocUpdatesTable {
  id: Generated<number>;
  doc_id: string;
  user_id: string;
  data: Uint8Array;
  size: number;
  created_at: number;
}

/** A merged state of a document up to and including `last_update_id`. */
export interface DocCheckpointsTable {
  id: Generated<number>;
  doc_id: string;
  last_update_id: number;
  data: Uint8Array;
  created_at: number;
}

/** A document without garbage collection (deleted text kept) after row `last_update_id`: what compare and restore start from. */
export interface DocHistoryStatesTable {
  doc_id: string;
  last_update_id: number;
  state: Uint8Array;
  updated_at: number;
}

/** A range of Yjs ids (`client`, `clock` .. `clock + len`) that row `update_id` of the log, by `user_id`, deleted first. */
export interface DocDeletionsTable {
  doc_id: string;
  update_id: number;
  user_id: string;
  client: number;
  clock: number;
  len: number;
}

/** Which user owns each Yjs client id in a document: the first who wrote with it. */
export interface DocClientIdsTable {
  doc_id: string;
  client_id: number;
  user_id: string;
  created_at: number;
}

/** A group's annotation tags; retiring one sets `archived_at`, so its annotations keep it. */
export interface AnnotationTagsTable {
  id: string;
  group_id: string;
  name: string;
  /** The name folded for uniqueness within the group ("Unclear" and "unclear" are one tag). */
  name_key: string;
  /** Null for the defaults every group starts with. */
  created_by: string | null;
  created_at: number;
  archived_at: number | null;
}

/** A feedback thread (comment, annotation or suggestion) on a range of a document. */
export interface ThreadsTable {
  id: string;
  doc_id: string;
  /** The document's group, kept on the thread for membership and visibility checks. */
  group_id: string;
  author_id: string;
  kind: ThreadKind;
  visibility: ThreadVisibility;
  body: string;
  tag_id: string | null;
  replacement: string | null;
  anchor_start: string;
  anchor_end: string;
  quote: string;
  prefix: string;
  suffix: string;
  status: ThreadStatus;
  status_by: string | null;
  status_at: number | null;
  anchored_by: string | null;
  anchored_at: number | null;
  created_at: number;
  edited_at: number | null;
  /** A tombstone: deleted by its author while it had replies. */
  deleted_at: number | null;
}

export interface ThreadRepliesTable {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  created_at: number;
  edited_at: number | null;
}

/** Who a thread or reply body mentions, for the mentioned member's feed. */
export interface ThreadMentionsTable {
  id: string;
  thread_id: string;
  /** Null when the mention is in the thread's own body. */
  reply_id: string | null;
  user_id: string;
  created_at: number;
}

/** Every resolve, reopen, accept and reject: who and when. */
export interface ThreadStatusChangesTable {
  id: string;
  thread_id: string;
  user_id: string;
  status: ThreadStatus;
  created_at: number;
}

/** One user's contribution totals in one document, kept as updates are stored (contributions/ledger.ts). */
export interface DocContributionsTable {
  doc_id: string;
  user_id: string;
  inserted: number;
  words: number;
  pasted: number;
  pastes: number;
  deleted: number;
  edits: number;
  sessions: number;
  active_minutes: number;
  first_at: number;
  last_at: number;
}

/** Edits per user and hour (`hour` = ms since the epoch / 3,600,000), for the activity heatmap. */
export interface DocActivityTable {
  doc_id: string;
  user_id: string;
  hour: number;
  edits: number;
  inserted: number;
  deleted: number;
}

/** A point in a document's history (versions/service.ts). */
export interface DocVersionsTable {
  id: string;
  doc_id: string;
  kind: 'auto' | 'named' | 'deadline';
  name: string | null;
  /** Null for automatic versions. */
  created_by: string | null;
  /** When the version's document was as it shows (a deadline: its time). */
  created_at: number;
  /** The last update row it includes; null while a deadline is still ahead. */
  last_update_id: number | null;
  /** 1: neither renamed nor deleted. */
  locked: number;
  /** The document's state at the version, once built (Y.encodeStateAsUpdate). */
  state: Uint8Array | null;
  /** For an automatic version: the last row of the session it ends (unique per document). */
  session_end: number | null;
}

/** The event log: one row per thing that happened, written in the transaction that made it happen. */
export interface EventsTable {
  id: Generated<number>;
  group_id: string;
  project_id: string | null;
  doc_id: string | null;
  actor_id: string;
  type: EventType;
  thread_id: string | null;
  reply_id: string | null;
  /** The member a membership event is about. */
  subject_id: string | null;
  /** A thread's visibility, copied; `group` for everything else. */
  visibility: ThreadVisibility;
  /** Who sees an `instructors` event besides those whose role may: the thread's author. */
  audience_id: string | null;
  /** JSON details, by type (features/activity/event-log.ts). */
  payload: string;
  created_at: number;
}

/** Who an event needs (mentioned, replied to, whose text it is about), and why. */
export interface EventRecipientsTable {
  user_id: string;
  event_id: number;
  reason: NeedsYouReason;
}

/** Each user's read position in each group's feed. */
export interface FeedReadsTable {
  user_id: string;
  group_id: string;
  last_seen_event_id: number;
  updated_at: number;
}

/** Each user's last visit of a document, for "what changed since your last visit". */
export interface DocVisitsTable {
  user_id: string;
  doc_id: string;
  last_update_id: number;
  last_event_id: number;
  visited_at: number;
}

/** One user's editing of one document until a pause (activity/edit-sessions.ts); `event_id` once ended and recorded. */
export interface EditSessionsTable {
  id: string;
  doc_id: string;
  group_id: string;
  user_id: string;
  first_update_id: number;
  last_update_id: number;
  started_at: number;
  last_edit_at: number;
  chars_added: number | null;
  chars_removed: number | null;
  event_id: number | null;
}

/** How far background work has read a log, by name. */
export interface ActivityProgressTable {
  name: string;
  value: number;
}

/** Work set in a course for every team (migrations/007-courses.ts). */
export interface AssignmentsTable {
  id: string;
  course_id: string;
  title: string;
  /** Markdown. */
  instructions: string;
  /** Markdown each team's copy starts from, when given as text. */
  template_markdown: string | null;
  /** A document each team's copy starts from, when given as one. */
  template_doc_id: string | null;
  opens_at: number;
  due_at: number;
  /** 1: every team's copy becomes read-only for its members at its due time; 0: late work is accepted, marked late. */
  lock_at_due: number;
  /** When every team that existed had its copy; null until the assignment opened. */
  opened_at: number | null;
  /** Bumped by every edit; an edit names the revision it started from. */
  revision: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** One team's copy of an assignment: made once per pair. */
export interface AssignmentTeamsTable {
  assignment_id: string;
  team_id: string;
  project_id: string;
  doc_id: string;
  /** This team's due time when extended; null: the assignment's. */
  due_at: number | null;
  /** When an instructor reopened this copy after its lock; null: the lock holds. */
  reopened_at: number | null;
  created_at: number;
}

/** A team's submission: a locked version of its copy; resubmitting replaces it. */
export interface SubmissionsTable {
  assignment_id: string;
  team_id: string;
  version_id: string;
  submitted_by: string;
  submitted_at: number;
}

/** What a course's imported roster said of a learner (migrations/009-roster.ts). */
export interface RosterEntriesTable {
  course_id: string;
  email: string;
  /** JSON: {"<column>": "<value>"}. */
  attributes: string;
  pending_team_id: string | null;
  imported_by: string;
  imported_at: number;
}

/** What a document's text comes to per author as of one log row, for the class view (migrations/008-class-view.ts). */
export interface DocWrittenTextTable {
  doc_id: string;
  last_update_id: number;
  characters: number;
  words: number;
  /** JSON: {"<userId>": [characters, words]}. */
  authors: string;
  refreshed_at: number;
}

/** Who an OpenID provider or an LMS says a user is (migrations/010-ways-in.ts). */
export interface IdentitiesTable {
  kind: 'oidc' | 'lti';
  issuer: string;
  subject: string;
  user_id: string;
  /** The OIDC provider's configured id, or the LMS platform's issuer. */
  provider: string;
  email: string | null;
  created_at: number;
  last_used_at: number;
}

/** A school sign-in between its redirect and its callback. */
export interface OidcFlowsTable {
  state: string;
  provider_id: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  link_user_id: string | null;
  expires_at: number;
}

/** The tool's LTI signing keys, as JSON Web Keys. */
export interface LtiKeysTable {
  kid: string;
  public_jwk: string;
  private_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface LtiNoncesTable {
  issuer: string;
  nonce: string;
  expires_at: number;
}

/** An LMS course and the course it maps to, with its service endpoints. */
export interface LtiContextsTable {
  issuer: string;
  deployment_id: string;
  context_id: string;
  client_id: string;
  course_id: string;
  title: string;
  memberships_url: string | null;
  lineitems_url: string | null;
  /** JSON array of the Assignment and Grade scopes the platform granted. */
  ags_scopes: string | null;
  roster_synced_at: number | null;
  created_at: number;
  /** The course groups service's context_groups_url (migrations/012-grades.ts); null when the platform offers none. */
  groups_url: string | null;
}

export interface LtiResourceLinksTable {
  issuer: string;
  deployment_id: string;
  resource_link_id: string;
  course_id: string;
  assignment_id: string | null;
  lineitem_url: string | null;
  created_at: number;
}

/** Course memberships that came from the LMS roster. */
export interface LtiRosterMembersTable {
  course_id: string;
  user_id: string;
  synced_at: number;
}

/** An LTI deep linking request waiting for the instructor's pick (migrations/011-deep-linking.ts). */
export interface LtiDeepLinkRequestsTable {
  id: string;
  user_id: string;
  course_id: string;
  issuer: string;
  client_id: string;
  deployment_id: string;
  return_url: string;
  data: string | null;
  /** JSON array of the content item types the platform accepts. */
  accept_types: string;
  accept_line_item: number;
  expires_at: number;
}

/** A learner's score for an assignment, and whether it reached the LMS gradebook (migrations/012-grades.ts). */
export interface LtiScoresTable {
  assignment_id: string;
  user_id: string;
  score_given: number;
  score_maximum: number;
  given_by: string;
  given_at: number;
  sent_at: number | null;
  send_error: string | null;
}

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

/** A mail in the outbox (migrations/013-mail.ts). */
export interface OutboxMessagesTable {
  id: string;
  idempotency_key: string;
  user_id: string | null;
  to_address: string;
  kind: string;
  unsubscribe_kind: MailKind | null;
  subject: string;
  html: string;
  text: string;
  status: OutboxStatus;
  attempts: Generated<number>;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** One run of a scheduled job, unique by name and time. */
export interface ScheduledRunsTable {
  name: string;
  run_at: number;
  instance: string;
  started_at: number;
  finished_at: number | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  actor_id: string | null;
  group_id: string | null;
  doc_id: string | null;
  thread_id: string | null;
  cause: string;
  text: string;
  link: string;
  created_at: number;
  read_at: number | null;
  mailed_at: number | null;
}

export interface NotificationSettingsTable {
  user_id: string;
  replies: Delivery;
  mentions: Delivery;
  suggestions: Delivery;
  decisions: Delivery;
  reminders: Delivery;
  digest_frequency: DigestFrequency;
  digest_hour: number;
  digest_weekday: number;
  time_zone: string;
  quiet_start: number | null;
  quiet_end: number | null;
  updated_at: number;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: number;
}

/** Per member, the digest by email so far (migrations/014-digest-mail.ts). */
export interface DigestMailsTable {
  user_id: string;
  /** The scheduled digest time last handled (ms), mailed or not. */
  due_at: number;
  /** The newest event id the last digest mail covered; null before the first. */
  mailed_up_to: number | null;
  mailed_at: number | null;
}

/** One learner's rating of one teammate (or of themselves) on an assignment (migrations/015-teammate-evaluation.ts). */
export interface TeammateRatingsTable {
  assignment_id: string;
  /** The rater's team when they rated. */
  team_id: string;
  rater_id: string;
  /** The rater themselves for the self-rating. */
  ratee_id: string;
  /** The five teamwork dimensions, each 1 to 5. */
  contributing: number;
  interacting: number;
  keeping_on_track: number;
  expecting_quality: number;
  knowledge_skills: number;
  /** For the course's instructors only. */
  comment: string | null;
  submitted_at: number;
}

/** When an instructor let the learners see their own teammate evaluation result. */
export interface TeammateEvaluationReleasesTable {
  assignment_id: string;
  released_by: string;
  released_at: number;
}

/** A member's grade adjusted by the teammate evaluation, as last applied (migrations/018-teammate-grades.ts). */
export interface TeammateGradesTable {
  assignment_id: string;
  user_id: string;
  /** The member's team when the grade was applied. */
  team_id: string;
  team_grade: number;
  score_maximum: number;
  /** The factor used; null when nobody rated them. */
  factor: number | null;
  adjusted: number;
  given_by: string;
  given_at: number;
}

/** A course's rubric for peer review (migrations/016-peer-review.ts). */
export interface RubricsTable {
  id: string;
  course_id: string;
  /** The definition's title, kept beside it for lists. */
  title: string;
  /** JSON of shared/schemas/rubrics.ts `rubricDefinition`. */
  definition: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** An assignment's peer review stage: its rubric and reviews per team. */
export interface PeerReviewStagesTable {
  assignment_id: string;
  rubric_id: string;
  k: number;
  seed: number;
  created_by: string;
  created_at: number;
  updated_at: number;
  anonymity: ColumnType<ReviewAnonymity, ReviewAnonymity | undefined, ReviewAnonymity>;
  /** Reviews are submitted before it; null: no due time. */
  due_at: Optional<number | null>;
  /** When it opens by itself; null: when an instructor opens it. */
  opens_at: Optional<number | null>;
  /** When it opened; the allocation no longer changes after it. */
  opened_at: Optional<number | null>;
}

/** One team reviewing another team's copy; `reviewer_index` is "Reviewer N" for the reviewed team. */
export interface PeerReviewAllocationsTable {
  assignment_id: string;
  reviewee_team_id: string;
  reviewer_team_id: string;
  reviewer_index: number;
  created_at: number;
}

/** One team's review of another team's submitted version, in its own room. */
export interface PeerReviewsTable {
  id: string;
  assignment_id: string;
  reviewee_team_id: string;
  reviewer_team_id: string;
  /** "Reviewer N" for the reviewed team. */
  reviewer_index: number;
  /** "Submission N" for the reviewing team. */
  submission_index: number;
  version_id: string;
  /** The review's room: a group of its own (never a team). */
  room_id: string;
  /** The copy of the submitted version in the room. */
  doc_id: string;
  /** JSON of shared/schemas/peer-reviews.ts `reviewAnswers`. */
  answers: string;
  overall_comment: string;
  updated_at: number;
  updated_by: string | null;
  submitted_at: number | null;
  submitted_by: string | null;
  helpfulness: number | null;
  helpfulness_note: string | null;
  helpfulness_by: string | null;
  helpfulness_at: number | null;
  created_at: number;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type GroupRow = Selectable<GroupsTable>;
/** Invites of a group made up to `barred_at` give this person at most `role_ceiling` (null: nothing). */
export interface InviteBarsTable {
  group_id: string;
  user_id: string;
  barred_at: number;
  role_ceiling: Role | null;
}

/** An uploaded file's record; its bytes are in the files folder under `id`. */
export interface FilesTable {
  id: string;
  doc_id: string;
  group_id: string;
  media_type: string;
  byte_size: number;
  width: number;
  height: number;
  sha256: string;
  created_by: string;
  created_at: number;
}

/** Who changed roles, removed members, deleted, restored or exported what in a course. */
export interface AuditEntriesTable {
  id: string;
  course_id: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: string;
  created_at: number;
}

export type MembershipRow = Selectable<MembershipsTable>;
export type InviteRow = Selectable<InvitesTable>;
export type EmailInviteRow = Selectable<EmailInvitesTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewDocUpdate = Insertable<DocUpdatesTable>;
export type DocContributionRow = Selectable<DocContributionsTable>;
export type DocVersionRow = Selectable<DocVersionsTable>;
export type AnnotationTagRow = Selectable<AnnotationTagsTable>;
export type ThreadRow = Selectable<ThreadsTable>;
export type ThreadReplyRow = Selectable<ThreadRepliesTable>;
export type EventRow = Selectable<EventsTable>;
export type EditSessionRow = Selectable<EditSessionsTable>;
export type AssignmentRow = Selectable<AssignmentsTable>;
export type AssignmentTeamRow = Selectable<AssignmentTeamsTable>;
export type SubmissionRow = Selectable<SubmissionsTable>;
export type TeammateRatingRow = Selectable<TeammateRatingsTable>;
export type RubricRow = Selectable<RubricsTable>;
export type PeerReviewStageRow = Selectable<PeerReviewStagesTable>;
export type PeerReviewRow = Selectable<PeerReviewsTable>;
export type FileRow = Selectable<FilesTable>;
