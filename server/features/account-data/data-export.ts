import type { Kysely } from 'kysely';
import { documentTree } from '../../../shared/document-tree';
import type { Database } from '../../db/schema';
import { notFound } from '../../errors';
import { recordAudit } from '../audit/audit-log';
import { clientOwners } from '../contributions/people';
import type { Exports } from '../export/service';
import type { NotificationSettingsService } from '../notifications/settings';
import type { Versions } from '../versions/service';
import { ownTextMarkdown, ownTextRuns } from './own-text';
import { peopleGivenRatings } from './given-ratings';
import { feedbackMarkdown, ownFeedback } from './own-feedback';
import { coursesOf, membershipsOf } from './memberships';
import type { ArchiveFile } from './zip-archive';

/**
 * Everything kept about one person, as the files of their download: their
 * account and ways in (never a password hash or a token), memberships,
 * what they wrote (their own text in each document, the whole document
 * where they may still read it, their editing history), their feedback,
 * the ratings and reviews they gave, notification settings and
 * notifications. Other people appear only by name where the person's own
 * record needs them (whom they rated); never another person's email,
 * ratings of them, or anything private to someone else.
 */
export class DataExport {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly versions: Pick<Versions, 'at'>,
    private readonly exports: Pick<Exports, 'render'>,
    private readonly settings: Pick<NotificationSettingsService, 'read'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The files of the download; records the export in the audit log of each course the person belongs to. */
  async build(userId: string): Promise<ArchiveFile[]> {
    const user = await this.db
      .selectFrom('users')
      .select(['id', 'name', 'email', 'password_hash', 'created_at'])
      .where('id', '=', userId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!user) throw notFound('This account');
    const at = this.now();
    const identities = await this.db
      .selectFrom('identities')
      .select(['kind', 'provider', 'issuer', 'subject', 'email', 'created_at', 'last_used_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    const account = {
      id: user.id,
      name: user.name,
      email: user.email,
      createdAt: iso(user.created_at),
      waysIn: {
        password: user.password_hash !== '',
        identities: identities.map((row) => ({
          kind: row.kind,
          provider: row.provider,
          issuer: row.issuer,
          subject: row.subject,
          email: row.email,
          linkedAt: iso(row.created_at),
          lastUsedAt: iso(row.last_used_at),
        })),
      },
      exportedAt: iso(at),
    };
    const memberships = await membershipsOf(this.db, userId);
    const documents = await this.#documents(userId);
    const feedback = await ownFeedback(this.db, userId);
    const ratings = await peopleGivenRatings(this.db, userId);
    const notifications = await this.db
      .selectFrom('notifications')
      .select(['kind', 'text', 'link', 'created_at', 'read_at', 'mailed_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();

    const files: ArchiveFile[] = [
      { path: 'README.md', content: readme(user.name, at) },
      { path: 'account.json', content: json(account) },
      { path: 'memberships.json', content: json(memberships) },
      { path: 'feedback.json', content: json(feedback) },
      { path: 'feedback.md', content: feedbackMarkdown(feedback) },
      { path: 'ratings.json', content: json(ratings) },
      { path: 'notification-settings.json', content: json(await this.settings.read(userId)) },
      {
        path: 'notifications.json',
        content: json(
          notifications.map((row) => ({ kind: row.kind, text: row.text, link: row.link, at: iso(row.created_at), readAt: isoOrNull(row.read_at), mailedAt: isoOrNull(row.mailed_at) })),
        ),
      },
      ...documents,
    ];

    const courses = await coursesOf(this.db, userId);
    await this.db.transaction().execute(async (trx) => {
      for (const courseId of courses) {
        await recordAudit(trx, { courseId, actorId: userId, action: 'data-exported', subjectType: 'account', subjectId: userId, at });
      }
    });
    return files;
  }

  /** Per document they wrote in or gave feedback on: their text, the whole document if they may still read it, their editing history. */
  async #documents(userId: string): Promise<ArchiveFile[]> {
    const touched = this.db
      .selectFrom('doc_contributions')
      .select('doc_id')
      .where('user_id', '=', userId)
      .union(this.db.selectFrom('doc_client_ids').select('doc_id').where('user_id', '=', userId))
      .union(this.db.selectFrom('edit_sessions').select('doc_id').where('user_id', '=', userId))
      .union(this.db.selectFrom('threads').select('doc_id').where('author_id', '=', userId));
    const docs = await this.db
      .selectFrom('documents')
      .innerJoin('projects', 'projects.id', 'documents.project_id')
      .innerJoin('groups', 'groups.id', 'projects.group_id')
      .leftJoin('memberships', (join) => join.onRef('memberships.group_id', '=', 'groups.id').on('memberships.user_id', '=', userId))
      .select([
        'documents.id',
        'documents.title',
        'documents.archived_at as docArchived',
        'projects.name as project',
        'projects.archived_at as projectArchived',
        'groups.id as groupId',
        'groups.name as groupName',
        'groups.archived_at as groupArchived',
        'memberships.role',
      ])
      .where('documents.id', 'in', touched)
      .orderBy('documents.created_at')
      .execute();

    const files: ArchiveFile[] = [];
    const index: unknown[] = [];
    for (const doc of docs) {
      const folder = `documents/${slug(doc.title)}-${doc.id}`;
      const owners = await clientOwners(this.db, doc.id);
      const moment = await this.versions.at(doc.id, {});
      let runs: string[][];
      try {
        runs = ownTextRuns(documentTree(moment.doc, { authorOf: (client) => owners.get(client) ?? null }), userId);
      } finally {
        moment.doc.destroy();
      }
      files.push({ path: `${folder}/your-text.md`, content: ownTextMarkdown(doc.title, runs) });

      // The whole document only while they may read it: a member of its group, and it is not archived.
      const readable = doc.role !== null && doc.docArchived === null && doc.projectArchived === null && doc.groupArchived === null;
      if (readable) {
        const rendered = await this.exports.render(doc.id, doc.title, {
          format: 'md',
          appendix: false,
          comments: false,
          viewer: { userId, role: doc.role! },
          place: { groupId: doc.groupId, groupName: doc.groupName, projectName: doc.project },
        });
        files.push({ path: `${folder}/document.md`, content: rendered.body });
      }
      files.push({ path: `${folder}/history.json`, content: json(await this.#history(doc.id, userId)) });
      index.push({ id: doc.id, title: doc.title, project: doc.project, group: doc.groupName, folder, wholeDocumentIncluded: readable });
    }
    files.unshift({ path: 'documents/index.json', content: json(index) });
    return files;
  }

  /** Their contribution totals, editing sessions and edits per hour in one document. */
  async #history(docId: string, userId: string) {
    const [totals, sessions, hours] = await Promise.all([
      this.db.selectFrom('doc_contributions').selectAll().where('doc_id', '=', docId).where('user_id', '=', userId).executeTakeFirst(),
      this.db
        .selectFrom('edit_sessions')
        .select(['started_at', 'last_edit_at', 'chars_added', 'chars_removed'])
        .where('doc_id', '=', docId)
        .where('user_id', '=', userId)
        .orderBy('started_at')
        .execute(),
      this.db
        .selectFrom('doc_activity')
        .select(['hour', 'edits', 'inserted', 'deleted'])
        .where('doc_id', '=', docId)
        .where('user_id', '=', userId)
        .orderBy('hour')
        .execute(),
    ]);
    return {
      totals: totals
        ? {
            charactersTyped: Number(totals.inserted),
            wordsTyped: Number(totals.words),
            charactersPasted: Number(totals.pasted),
            pastes: Number(totals.pastes),
            charactersDeleted: Number(totals.deleted),
            edits: Number(totals.edits),
            sessions: Number(totals.sessions),
            activeMinutes: Number(totals.active_minutes),
            firstEditAt: iso(totals.first_at),
            lastEditAt: iso(totals.last_at),
          }
        : null,
      editSessions: sessions.map((row) => ({
        startedAt: iso(row.started_at),
        lastEditAt: iso(row.last_edit_at),
        charactersAdded: row.chars_added,
        charactersRemoved: row.chars_removed,
      })),
      editsPerHour: hours.map((row) => ({ hour: iso(Number(row.hour) * 3_600_000), edits: row.edits, inserted: row.inserted, deleted: row.deleted })),
    };
  }
}

function readme(name: string, at: number): string {
  return [
    `# ${name}: your data in Commonplace`,
    '',
    `Exported ${iso(at)}.`,
    '',
    '- `account.json`: your account and the ways you sign in (no password or token is ever included).',
    '- `memberships.json`: your groups, courses and teams, with your role in each.',
    '- `documents/`: per document you wrote in or gave feedback on, `your-text.md` (the text that is yours in it now),',
    '  `document.md` (the whole document, while you are still a member) and `history.json` (your editing history there).',
    '- `feedback.json` and `feedback.md`: the comments, annotations and suggestions you started, and your replies.',
    '- `ratings.json`: the teammate ratings, peer reviews and helpfulness ratings you gave.',
    '- `notification-settings.json` and `notifications.json`: your settings and the notifications you received.',
    '',
  ].join('\n');
}

/** A file name part from a title: letters, digits and dashes, at most 60 characters. */
function slug(title: string): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return base || 'document';
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function iso(ms: number): string {
  return new Date(Number(ms)).toISOString();
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
