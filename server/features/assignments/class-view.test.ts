import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassViewResponse, ClassViewTeam } from '../../../shared/schemas/class-view';
import { newId } from '../../db/ids';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { CopyWriters, type SeededClass, seedClass } from './test-class';
import { csvLines } from '../../testing/csv-rows';

/**
 * The class view: every team's status, each member's share of the team's
 * text (template excluded), the flags an instructor sorts by, who may see
 * it, its CSV, and the kept text figures following new writing.
 */
let server: TestServer;
let ivy: TestUser;
let ada: TestUser;
let ben: TestUser;
let cy: TestUser;
let dee: TestUser;
let eve: TestUser;
let fay: TestUser;
let out: TestUser;
let seeded: SeededClass;
const writers: CopyWriters[] = [];

const day = 24 * 60 * 60 * 1000;
const template = 'The template the instructor set, which is nobody’s share. '.repeat(5);

beforeAll(async () => {
  server = await startTestServer();
  [ivy, ada, ben, cy, dee, eve, fay, out] = await server.createUsers('Ivy', 'Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Out');
  // Everyone joined and got the copy four days ago, past the grace given to newcomers.
  seeded = await seedClass(server.domain.store.db, {
    instructorId: ivy.user.id,
    teams: [
      { name: 'A team', memberIds: [ada.user.id, ben.user.id] },
      { name: 'B team', memberIds: [cy.user.id, dee.user.id, eve.user.id] },
      { name: 'C team', memberIds: [fay.user.id] },
    ],
    dueAt: Date.now() + 10 * day,
    at: Date.now() - 4 * day,
  });
  const [a, b, c] = seeded.teams.map((team) => {
    const writer = new CopyWriters(server.domain.sync, team.docId);
    writers.push(writer);
    return writer;
  });
  // Team A: the template, then Ada 80 characters (16 words) and Ben 20 (4 words).
  await a!.paragraph(ivy.user.id, template);
  await a!.paragraph(ada.user.id, 'word '.repeat(16));
  await a!.paragraph(ben.user.id, 'text '.repeat(4));
  // Team B: Cy and Dee write alike, Eve nothing; a thread of Cy's waits four days for an answer.
  await b!.paragraph(ivy.user.id, template);
  await b!.paragraph(cy.user.id, 'Cy writes half of it.');
  await b!.paragraph(dee.user.id, 'Dee writes the rest..');
  await server.domain.store.db
    .insertInto('threads')
    .values({
      id: newId(),
      doc_id: seeded.teams[1]!.docId,
      group_id: seeded.teams[1]!.id,
      author_id: cy.user.id,
      kind: 'comment',
      visibility: 'group',
      body: 'Eve, can you write the conclusion?',
      tag_id: null,
      replacement: null,
      anchor_start: 'AA==',
      anchor_end: 'AA==',
      quote: '',
      prefix: '',
      suffix: '',
      status: 'open',
      status_by: null,
      status_at: null,
      anchored_by: null,
      anchored_at: null,
      created_at: Date.now() - 4 * day,
      edited_at: null,
      deleted_at: null,
    })
    .execute();
  // Team C: Fay wrote and submitted.
  await c!.paragraph(fay.user.id, 'All mine.');
  await server.domain.store.db
    .insertInto('submissions')
    .values({ assignment_id: seeded.assignmentId, team_id: seeded.teams[2]!.id, version_id: newId(), submitted_by: fay.user.id, submitted_at: Date.now() })
    .execute();
});

afterAll(async () => {
  for (const writer of writers) writer.destroy();
  await server?.close();
});

async function classView(as: TestUser = ivy): Promise<ClassViewResponse> {
  const { status, body } = await server.api<ClassViewResponse>('GET', `/api/assignments/${seeded.assignmentId}/class`, { as });
  expect(status).toBe(200);
  return body;
}

const row = (view: ClassViewResponse, name: string): ClassViewTeam => view.teams.find((team) => team.team.name === name)!;
const member = (team: ClassViewTeam, who: TestUser) => team.members.find((m) => m.user.id === who.user.id)!;

describe('the class view', () => {
  it('shows every team with its status, words and each member’s share of the team’s text, template excluded', async () => {
    const view = await classView();
    expect(view.assignment.id).toBe(seeded.assignmentId);
    expect(view.teams.map((team) => team.team.name)).toEqual(['A team', 'B team', 'C team']);

    const a = row(view, 'A team');
    expect(a.status).toBe('in-progress');
    expect(a.docId).toBe(seeded.teams[0]!.docId);
    expect(a.membersCharacters).toBe(100);
    expect(member(a, ada)).toMatchObject({ surviving: 80, words: 16, share: 0.8, shareFlag: 'over', quiet: false });
    expect(member(a, ben)).toMatchObject({ surviving: 20, words: 4, share: 0.2, shareFlag: null, quiet: false });
    // The copy's words count the template's too: 45 of them, then Ada's and Ben's.
    expect(a.words).toBe(45 + 16 + 4);
    expect(a.needsAttention).toEqual(['dominant-member']);
    expect(a.lastActivity).toBeGreaterThan(Date.now() - 60_000);

    const b = row(view, 'B team');
    expect(b.status).toBe('in-progress');
    expect(member(b, cy).share).toBe(0.5);
    expect(member(b, eve)).toMatchObject({ surviving: 0, share: 0, shareFlag: 'under', quiet: true, lastActivity: null });
    expect(b.unansweredThreads).toBe(1);
    expect(b.needsAttention).toEqual(['small-share', 'quiet-members', 'unanswered-threads']);

    const c = row(view, 'C team');
    expect(c.status).toBe('submitted');
    expect(c.submittedAt).not.toBeNull();
    // A team of one: a share of 100% is no imbalance.
    expect(member(c, fay)).toMatchObject({ share: 1, shareFlag: null });
    expect(c.needsAttention).toEqual([]);
  });

  it('agrees with the contributions report on what is whose', async () => {
    const view = await classView();
    const { body } = await server.api('GET', `/api/docs/${seeded.teams[0]!.docId}/contributions`, { as: ivy });
    const surviving = (who: TestUser) => body.contributors.find((c: { user: { id: string } }) => c.user.id === who.user.id).surviving;
    expect(member(row(view, 'A team'), ada).surviving).toBe(surviving(ada));
    expect(member(row(view, 'A team'), ben).surviving).toBe(surviving(ben));
    expect(surviving(ivy)).toBe(template.length);
  });

  it('is for the course’s instructors: a learner is refused, anyone else finds nothing', async () => {
    const path = `/api/assignments/${seeded.assignmentId}/class`;
    expect((await server.api('GET', path, { as: ada })).status).toBe(403);
    expect((await server.api('GET', `${path}?format=csv`, { as: ada })).status).toBe(403);
    expect((await server.api('GET', path, { as: out })).status).toBe(404);
    expect((await server.api('GET', path, { as: null })).status).toBe(401);
    expect((await server.api('GET', `/api/assignments/${newId()}/class`, { as: ivy })).status).toBe(404);
  });

  it('exports the class as CSV, one row per member', async () => {
    const { status, headers, body } = await server.api<string>('GET', `/api/assignments/${seeded.assignmentId}/class?format=csv`, { as: ivy });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/csv');
    const lines = csvLines(body);
    expect(lines[0]).toBe('team,member,email,status,surviving,share,inserted,deleted,feedback given,feedback received,submitted at');
    expect(lines).toHaveLength(1 + 6);
    const cells = (who: TestUser) => lines.find((line) => line.includes(who.user.email))!.split(',');
    expect(cells(ada)).toEqual(['A team', 'Ada', ada.user.email, 'in-progress', '80', '0.800', '80', '0', '0', '0', '']);
    // Cy's thread is feedback given; Fay's submission time is an ISO time.
    expect(cells(cy).slice(8, 10)).toEqual(['1', '0']);
    expect(cells(fay)[10]).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('asks for attention to a team not started near its due time, and to one past its due time without a submission', async () => {
    const { db } = server.domain.store;
    const [gus, hal] = await server.createUsers('Gus', 'Hal');
    const near = await seedClass(db, {
      instructorId: ivy.user.id,
      teams: [
        { name: 'Late team', memberIds: [gus!.user.id] },
        { name: 'Slow team', memberIds: [hal!.user.id] },
      ],
      dueAt: Date.now() + 2 * day,
      lockAtDue: true,
      at: Date.now() - 4 * day,
    });
    // The late team's own due time (as an extension would set it) has passed.
    await db.updateTable('assignment_teams').set({ due_at: Date.now() - day }).where('team_id', '=', near.teams[0]!.id).execute();
    const { status, body } = await server.api<ClassViewResponse>('GET', `/api/assignments/${near.assignmentId}/class`, { as: ivy });
    expect(status).toBe(200);
    expect(row(body, 'Late team')).toMatchObject({ status: 'locked', needsAttention: ['overdue'] });
    expect(row(body, 'Slow team')).toMatchObject({ status: 'not-started', needsAttention: ['quiet-members', 'not-started'] });
    expect(member(row(body, 'Slow team'), hal!)).toMatchObject({ share: null, shareFlag: null, quiet: true });
  });

  it('keeps its text figures in step with new writing, and rebuilds only the copies written since', async () => {
    const { db } = server.domain.store;
    const kept = (docId: string) => db.selectFrom('doc_written_text').selectAll().where('doc_id', '=', docId).executeTakeFirstOrThrow();
    await classView();
    const [teamA, teamB] = seeded.teams;
    const before = { a: await kept(teamA!.docId), b: await kept(teamB!.docId) };

    // Ben writes 60 more characters: Ada 80 of 160, Ben 80; nobody stands out any more.
    await writers[0]!.paragraph(ben.user.id, 'more '.repeat(12));
    const view = await classView();
    const a = row(view, 'A team');
    expect(member(a, ada)).toMatchObject({ share: 0.5, shareFlag: null });
    expect(member(a, ben)).toMatchObject({ surviving: 80, share: 0.5 });
    expect(a.needsAttention).toEqual([]);
    const after = { a: await kept(teamA!.docId), b: await kept(teamB!.docId) };
    expect(Number(after.a.last_update_id)).toBeGreaterThan(Number(before.a.last_update_id));
    // Team B's copy did not change: its kept row was not rewritten.
    expect(after.b).toEqual(before.b);

    // Deleting text counts too: Ada's paragraph goes (index 1, after the template).
    await writers[0]!.deleteParagraph(ben.user.id, 1);
    const deleted = row(await classView(), 'A team');
    expect(member(deleted, ada)).toMatchObject({ surviving: 0, share: 0, shareFlag: 'under' });
    expect(member(deleted, ben)).toMatchObject({ share: 1, shareFlag: 'over' });
  });
});
