import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { courseWithWork, downloadData, fileEnding, written, type CourseWithWork } from './test-account-data';

/**
 * A person's download holds each kind of data kept about them, and nothing
 * of anyone else's: not another's text where they may no longer read it, not
 * another's email, not what others wrote about them for the instructors.
 */
describe('GET /api/me/export', () => {
  let server: TestServer;
  let course: CourseWithWork;
  let files: Map<string, string>;
  let response: Response;

  beforeAll(async () => {
    server = await startTestServer();
    course = await courseWithWork(server);
    const { member: mia } = course;
    const { db } = server.domain.store;
    await db
      .insertInto('identities')
      .values({ kind: 'oidc', issuer: 'https://school.example', subject: 'mia-at-school', user_id: mia.user.id, provider: 'school', email: mia.user.email, created_at: Date.now(), last_used_at: Date.now() })
      .execute();
    await db.updateTable('users').set({ password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0c2FsdA$notarealhashbutsecret' }).where('id', '=', mia.user.id).execute();
    const patched = await server.api('PATCH', '/api/me/notification-settings', { as: mia, body: { digest: { frequency: 'weekly' } } });
    expect(patched.status).toBe(200);
    ({ response, files } = await downloadData(server, mia));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a ZIP download that lists what it holds', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="commonplace-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['README.md', 'account.json', 'memberships.json', 'feedback.json', 'feedback.md', 'ratings.json', 'notification-settings.json', 'notifications.json', 'documents/index.json']),
    );
  });

  it('holds the account and its ways in, without a password hash', () => {
    const account = JSON.parse(files.get('account.json')!);
    expect(account).toMatchObject({ id: course.member.user.id, name: 'Mia Member', email: course.member.user.email, waysIn: { password: true } });
    expect(account.waysIn.identities).toEqual([expect.objectContaining({ kind: 'oidc', provider: 'school', subject: 'mia-at-school' })]);
    for (const content of files.values()) expect(content).not.toMatch(/argon2|notarealhash|secret_hash/);
  });

  it('holds the memberships with their roles', () => {
    const memberships = JSON.parse(files.get('memberships.json')!);
    expect(memberships).toEqual([expect.objectContaining({ groupId: course.groupId, name: 'Test group', role: 'member' })]);
  });

  it('holds her own text, the whole document she may read, and her editing history', () => {
    const own = fileEnding(files, '/your-text.md');
    expect(own).toContain(written.miaParagraph);
    expect(own).not.toContain('Pat kept');
    expect(own).not.toContain('quick brown fox');
    const whole = fileEnding(files, '/document.md');
    expect(whole).toContain('Rivers carve their valleys slowly');
    const history = JSON.parse(fileEnding(files, '/history.json'));
    expect(history.totals).toMatchObject({ charactersTyped: written.miaParagraph.length });
    const index = JSON.parse(files.get('documents/index.json')!);
    expect(index).toEqual([expect.objectContaining({ id: course.docId, wholeDocumentIncluded: true })]);
  });

  it('holds her comment but not the reply someone else wrote to it', () => {
    const feedback = JSON.parse(files.get('feedback.json')!);
    expect(feedback.threads).toEqual([expect.objectContaining({ id: course.threadId, body: written.miaComment, kind: 'comment' })]);
    expect(feedback.replies).toEqual([]);
    expect(files.get('feedback.md')).toContain(written.miaComment);
    // The reply reaches her only as the notification she was sent (notifications.json), never as her writing.
    expect(files.get('feedback.json')).not.toContain(written.patReply);
    expect(files.get('feedback.md')).not.toContain(written.patReply);
  });

  it('holds the ratings she gave, not those given of her', () => {
    const ratings = JSON.parse(files.get('ratings.json')!);
    expect(ratings.teammateRatings).toEqual([expect.objectContaining({ assignment: 'River essay', rated: 'Pat Peer', contributing: 4, comment: 'Mia thinks Pat was a great help.' })]);
    for (const content of files.values()) expect(content).not.toContain(written.patRatingComment);
  });

  it('holds her notification settings and notifications', () => {
    expect(JSON.parse(files.get('notification-settings.json')!)).toMatchObject({ digest: { frequency: 'weekly' } });
    const notifications = JSON.parse(files.get('notifications.json')!);
    expect(notifications).toEqual([expect.objectContaining({ kind: 'replies', link: expect.stringContaining(course.threadId) })]);
  });

  it('names nobody else by email', () => {
    for (const other of [course.instructor, course.peer, course.reviewer, course.outsider]) {
      for (const [path, content] of files) expect(content, path).not.toContain(other.user.email);
    }
  });

  it('is recorded in the audit log of her course', async () => {
    const entries = await server.domain.store.db.selectFrom('audit_entries').selectAll().where('action', '=', 'data-exported').execute();
    expect(entries).toEqual([expect.objectContaining({ course_id: course.groupId, actor_id: course.member.user.id, subject_type: 'account', subject_id: course.member.user.id })]);
  });

  it('gives only her own text of a document she may no longer open', async () => {
    const removed = await server.api('DELETE', `/api/groups/${course.groupId}/members/${course.member.user.id}`, { as: course.instructor });
    expect(removed.status).toBe(204);
    const after = await downloadData(server, course.member);
    expect(after.response.status).toBe(200);
    expect([...after.files.keys()].some((path) => path.endsWith('/document.md'))).toBe(false);
    expect(fileEnding(after.files, '/your-text.md')).toContain('Rivers carve their valleys slowly');
    for (const content of after.files.values()) expect(content).not.toContain('Pat kept');
  });

  it('is for signed-in people only', async () => {
    expect((await fetch(`${server.url}/api/me/export`)).status).toBe(401);
  });
});
