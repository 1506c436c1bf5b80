import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config';
import { createLogger } from '../../logger';
import { type RunningServer, startServer } from '../../server';
import { testClock } from '../../testing/test-clock';
import { testDatabaseUrl } from '../../testing/test-database';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { DocHistory } from '../versions/history';
import { Opening } from './opening';
import { createTestCourse, storedText, type TestCourse } from './test-course';

const hour = 60 * 60 * 1000;

/**
 * Each team gets its copy exactly once, however many openers race. On
 * PostgreSQL (TEST_DATABASE_URL), two server instances on one database,
 * each opening the same assignment several ways at the same moment. On
 * SQLite, which one instance writes, that instance and a second opener of
 * its own on the same database (past the instance's sharing of one opening
 * among its callers), so that only the transaction keeps them apart.
 */
describe('opening an assignment from two openers at once', () => {
  const clock = testClock();
  let first: TestServer;
  let second: RunningServer | null = null;
  let openers: Pick<Opening, 'open' | 'sweep'>[];
  let urls: string[];
  let teacher: TestUser;
  let course: TestCourse;

  beforeAll(async () => {
    first = await startTestServer({}, { now: clock.now });
    if (testDatabaseUrl()) {
      const config = parseConfig({ DATABASE_URL: first.databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DOC_UNLOAD_DELAY_MS: '0' });
      second = await startServer(config, createLogger(config.logLevel), { now: clock.now });
      openers = [first.domain.assignmentOpening, second.domain.assignmentOpening];
      urls = [first.url, second.url];
    } else {
      const { store, sync, logger } = first.domain;
      openers = [first.domain.assignmentOpening, new Opening(store, new DocHistory(store.db), sync, { sweepMs: 60_000, logger }, clock.now)];
      urls = [first.url, first.url];
    }
    teacher = await first.createUser('Teacher');
    const learners = await Promise.all(Array.from({ length: 12 }, (_, i) => first.createUser(`Learner ${i + 1}`)));
    course = await createTestCourse(first, teacher, Array.from({ length: 6 }, (_, i) => learners.slice(2 * i, 2 * i + 2)));
  });
  afterAll(async () => {
    await second?.stop();
    await first?.close();
  });

  it('makes one copy per team, with one first update each', async () => {
    const made = await first.api('POST', `/api/groups/${course.courseId}/assignments`, {
      as: teacher,
      body: { title: 'Race', template: '# Race\n\nOne copy each.', opensAt: new Date(clock.now() + hour).toISOString(), dueAt: new Date(clock.now() + 3 * hour).toISOString() },
    });
    expect(made.status).toBe(201);
    const id: string = made.body.assignment.id;
    clock.advance(hour);

    const detail = async (url: string) => {
      const response = await fetch(`${url}/api/assignments/${id}`, { headers: { cookie: teacher.cookie } });
      expect(response.status).toBe(200);
    };
    const [one, two] = openers as [Pick<Opening, 'open' | 'sweep'>, Pick<Opening, 'open' | 'sweep'>];
    const made1 = await Promise.all([
      one.open(id),
      two.open(id),
      one.sweep().then(() => 0),
      two.sweep().then(() => 0),
      detail(urls[0]!).then(() => 0),
      detail(urls[1]!).then(() => 0),
    ]);
    // Exactly one opener made the copies (the others found them made).
    expect(made1.filter((count) => count > 0)).toEqual([course.teamIds.length]);

    const { db } = first.domain.store;
    const copies = await db.selectFrom('assignment_teams').selectAll().where('assignment_id', '=', id).execute();
    expect(copies.map((copy) => copy.team_id).sort()).toEqual([...course.teamIds].sort());
    for (const teamId of course.teamIds) {
      const projects = await db.selectFrom('projects').select('id').where('group_id', '=', teamId).execute();
      expect(projects).toHaveLength(1);
      const docs = await db.selectFrom('documents').select('id').where('project_id', '=', projects[0]!.id).execute();
      expect(docs).toHaveLength(1);
      const rows = await db.selectFrom('doc_updates').select('id').where('doc_id', '=', docs[0]!.id).execute();
      expect(rows).toHaveLength(1);
      expect(await storedText(first, docs[0]!.id)).toBe('Race\nOne copy each.');
    }
    const opened = await db.selectFrom('assignments').select('opened_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(opened.opened_at).not.toBeNull();
  });
});

describe('loading the templates ahead', () => {
  let server: TestServer;
  afterAll(() => server?.close());

  it('loads them at start only when an assignment is waiting to open', async () => {
    const clock = testClock();
    server = await startTestServer({}, { now: clock.now });
    const opening = server.domain.assignmentOpening;
    expect(await opening.prepare()).toBe(false);

    const teacher = await server.createUser('Teacher');
    const course = await createTestCourse(server, teacher, [[await server.createUser('Learner')]]);
    const made = await server.api('POST', `/api/groups/${course.courseId}/assignments`, {
      as: teacher,
      body: { title: 'Later', template: '# Later', opensAt: new Date(clock.now() + hour).toISOString(), dueAt: new Date(clock.now() + 2 * hour).toISOString() },
    });
    expect(made.status).toBe(201);
    expect(await opening.prepare()).toBe(true);

    // Once it has opened, nothing waits: a restart would not load them.
    clock.advance(hour);
    await opening.sweep();
    expect(await opening.prepare()).toBe(false);
  });
});
