import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/close-codes';
import { stockClientPool } from '../../sync/test-clients';
import { createTestDoc, startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { hashPassword } from '../auth/password';
import { paragraphs } from '../versions/test-editing';
import { openStream } from '../threads/test-feedback';
import { erasedEmail, formerMemberName } from './account-deletion';
import { courseWithWork, written, type CourseWithWork } from './test-account-data';

const password = 'correct horse battery staple';

/**
 * Deleting one's account: sessions end on every channel at once, personal
 * data goes (checked row by row), the team's document keeps the text under
 * "Former member" everywhere a name is shown, a course is never left without
 * an instructor, the course's instructors are told, and the audit log has it.
 */
describe('POST /api/me/delete', () => {
  let server: TestServer;
  const clients = stockClientPool();

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    clients.destroyAll();
    await server?.close();
  });

  async function withPassword(user: TestUser): Promise<void> {
    await server.domain.store.db.updateTable('users').set({ password_hash: await hashPassword(password) }).where('id', '=', user.user.id).execute();
  }

  describe('a learner with work in a course', () => {
    let course: CourseWithWork;
    let mia: TestUser;

    beforeAll(async () => {
      course = await courseWithWork(server);
      mia = course.member;
      await withPassword(mia);
      const { db } = server.domain.store;
      const now = Date.now();
      // Her personal data besides what the course holds: a way in, settings, an invite, mail, a reset link.
      await db
        .insertInto('identities')
        .values({ kind: 'oidc', issuer: 'https://school.example', subject: 'mia', user_id: mia.user.id, provider: 'school', email: mia.user.email, created_at: now, last_used_at: now })
        .execute();
      expect((await server.api('PATCH', '/api/me/notification-settings', { as: mia, body: { digest: { frequency: 'weekly' } } })).status).toBe(200);
      const elsewhere = await createTestDoc(server, [{ member: course.outsider, role: 'instructor' }]);
      await db.insertInto('email_invites').values({ group_id: elsewhere.groupId, email: mia.user.email, role: 'member', created_by: course.outsider.user.id, created_at: now }).execute();
      await db
        .insertInto('outbox_messages')
        .values({ id: 'mailtomia', idempotency_key: 'mail-to-mia', user_id: mia.user.id, to_address: mia.user.email, kind: 'notifications', unsubscribe_kind: null, subject: 'News', html: '<p>News</p>', text: 'News', status: 'queued', next_attempt_at: now + 3_600_000, claimed_by: null, claimed_until: null, last_error: null, created_at: now, sent_at: null })
        .execute();
      await db.insertInto('password_resets').values({ token_hash: 'miareset', user_id: mia.user.id, created_at: now, expires_at: now + 3_600_000, used_at: null }).execute();
    });

    it('is refused without the right password, and nothing changes', async () => {
      const missing = await server.api('POST', '/api/me/delete', { as: mia, body: {} });
      expect(missing.status).toBe(400);
      const wrong = await server.api('POST', '/api/me/delete', { as: mia, body: { currentPassword: 'not it' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.fields).toEqual({ currentPassword: 'Not your current password' });
      expect((await server.api('GET', '/api/auth/me', { as: mia })).body.user).toEqual(mia.user);
    });

    it('ends her sessions at once, erases her personal data, and keeps her text as “Former member”', async () => {
      const { db } = server.domain.store;
      const socket = clients.connect(server.url, course.docId, mia);
      await socket.synced;
      const stream = await openStream(server, course.docId, mia);
      expect(stream.status).toBe(200);

      const deleted = await server.api('POST', '/api/me/delete', { as: mia, body: { currentPassword: password } });
      expect(deleted.status).toBe(204);
      expect(deleted.headers.get('set-cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);

      // Every channel ends: the socket, the live stream, the cookie.
      expect((await socket.closed).code).toBe(closeCodes.sessionEnded);
      await stream.ended;
      expect((await server.api('GET', '/api/auth/me', { as: mia })).status).toBe(401);

      // The tombstone, and nothing personal left.
      const row = await db.selectFrom('users').selectAll().where('id', '=', mia.user.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ name: formerMemberName, email: erasedEmail(mia.user.id), password_hash: '' });
      expect(row.deleted_at).toEqual(expect.any(Number));
      const left = async (table: 'sessions' | 'identities' | 'notification_settings' | 'notifications' | 'password_resets' | 'memberships' | 'feed_reads' | 'doc_visits') =>
        (await db.selectFrom(table).select('user_id').where('user_id', '=', mia.user.id).execute()).length;
      for (const table of ['sessions', 'identities', 'notification_settings', 'notifications', 'password_resets', 'memberships', 'feed_reads', 'doc_visits'] as const) {
        expect(await left(table), table).toBe(0);
      }
      expect(await db.selectFrom('email_invites').selectAll().where('email', '=', mia.user.email).execute()).toEqual([]);
      expect(await db.selectFrom('outbox_messages').selectAll().where('to_address', '=', mia.user.email).execute()).toEqual([]);

      // Her text stays in the team's document.
      const moment = await server.domain.versions.at(course.docId, {});
      expect(paragraphs(moment.doc)).toContain(written.miaParagraph);
      moment.doc.destroy();

      // Everything that names her says "Former member", to her teammate.
      const pat = course.peer;
      const authors = await server.api('GET', `/api/docs/${course.docId}/authors`, { as: pat });
      expect(authors.status).toBe(200);
      expect(authors.body.authors).toContainEqual(expect.objectContaining({ user: expect.objectContaining({ id: mia.user.id, name: formerMemberName }) }));
      const contributions = await server.api('GET', `/api/docs/${course.docId}/contributions`, { as: course.instructor });
      expect(contributions.status).toBe(200);
      expect(contributions.body.contributors).toContainEqual(expect.objectContaining({ user: expect.objectContaining({ id: mia.user.id, name: formerMemberName }) }));
      const threads = await server.api('GET', `/api/docs/${course.docId}/threads`, { as: pat });
      expect(threads.status).toBe(200);
      const thread = threads.body.threads.find((t: { id: string }) => t.id === course.threadId);
      expect(thread).toMatchObject({ body: written.miaComment, author: { id: mia.user.id, name: formerMemberName } });
      expect(thread.replies).toEqual([expect.objectContaining({ body: written.patReply })]);
      expect(JSON.stringify([authors.body, contributions.body, threads.body])).not.toContain('Mia Member');
      const history = await server.api('GET', `/api/docs/${course.docId}/versions`, { as: pat });
      expect(history.status).toBe(200);
    });

    it('tells the course’s instructor, in the inbox and the feed, and records it in the audit log', async () => {
      const inbox = await server.api('GET', '/api/notifications', { as: course.instructor });
      expect(inbox.body.items).toContainEqual(expect.objectContaining({ kind: 'reminders', text: expect.stringContaining('deleted their account'), link: `/groups/${course.groupId}` }));
      const feed = await server.api('GET', '/api/feed', { as: course.instructor });
      expect(feed.status).toBe(200);
      expect(JSON.stringify(feed.body)).toContain(`${formerMemberName} left Test group.`);
      const { db } = server.domain.store;
      const entries = await db.selectFrom('audit_entries').selectAll().where('action', '=', 'account-deleted').execute();
      expect(entries).toEqual([expect.objectContaining({ course_id: course.groupId, actor_id: mia.user.id, subject_type: 'account', subject_id: mia.user.id })]);
    });

    it('lets nobody sign in with the old email, which can make a new account', async () => {
      const login = await server.api('POST', '/api/auth/login', { body: { email: mia.user.email, password } });
      expect(login.status).toBe(401);
      const signup = await server.api('POST', '/api/auth/signup', { body: { email: mia.user.email, password, name: 'Mia Again' } });
      expect(signup.status).toBe(201);
      expect(signup.body.user.id).not.toBe(mia.user.id);
    });
  });

  it('refuses the only instructor of a group with other members, and changes nothing', async () => {
    const [ivo, kim] = await server.createUsers('Ivo Instructor', 'Kim Learner');
    await withPassword(ivo);
    const { groupId } = await createTestDoc(server, [
      { member: ivo, role: 'instructor' },
      { member: kim, role: 'member' },
    ]);
    const refused = await server.api('POST', '/api/me/delete', { as: ivo, body: { currentPassword: password } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/only instructor of “Test group”/);
    expect((await server.api('GET', '/api/auth/me', { as: ivo })).body.user).toEqual(ivo.user);
    const { db } = server.domain.store;
    expect(await db.selectFrom('memberships').select('role').where('group_id', '=', groupId).where('user_id', '=', ivo.user.id).execute()).toEqual([{ role: 'instructor' }]);
    expect(await db.selectFrom('audit_entries').selectAll().where('subject_id', '=', ivo.user.id).execute()).toEqual([]);

    // With another instructor, or alone in a group, it goes ahead.
    const [alone] = await server.createUsers('Alone');
    await withPassword(alone);
    await createTestDoc(server, [{ member: alone, role: 'instructor' }]);
    expect((await server.api('POST', '/api/me/delete', { as: alone, body: { currentPassword: password } })).status).toBe(204);
    await db.updateTable('memberships').set({ role: 'instructor' }).where('group_id', '=', groupId).where('user_id', '=', kim.user.id).execute();
    expect((await server.api('POST', '/api/me/delete', { as: ivo, body: { currentPassword: password } })).status).toBe(204);
  });

  it('asks an account without a password (school or LMS) for the typed phrase', async () => {
    const [sam] = await server.createUsers('Sam School');
    await server.domain.store.db.updateTable('users').set({ password_hash: '' }).where('id', '=', sam.user.id).execute();
    const untyped = await server.api('POST', '/api/me/delete', { as: sam, body: { confirmation: 'yes' } });
    expect(untyped.status).toBe(400);
    expect(untyped.body.error.fields).toEqual({ confirmation: expect.stringContaining('delete my account') });
    expect((await server.api('POST', '/api/me/delete', { as: sam, body: { confirmation: ' Delete my account ' } })).status).toBe(204);
  });
});
