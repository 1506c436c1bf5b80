import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rubric, RubricFile, RubricResponse, RubricsResponse } from '../../../shared/schemas/rubrics';
import type { ApiErrorBody } from '../../../shared/api-error';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { createTestCourse, type TestCourse } from '../assignments/test-course';
import { sampleRubric } from './test-peer-review';

/** The error a refused request answered with. */
const errorOf = (answer: { body: unknown }) => (answer.body as ApiErrorBody).error;

describe('rubrics', () => {
  let server: TestServer;
  let teacher: TestUser;
  let ana: TestUser;
  let ben: TestUser;
  let outsider: TestUser;
  let course: TestCourse;
  let otherCourse: TestCourse;

  beforeAll(async () => {
    server = await startTestServer();
    [teacher, ana, ben, outsider] = await server.createUsers('Teacher', 'Ana', 'Ben', 'Outsider');
    course = await createTestCourse(server, teacher, [[ana], [ben]]);
    otherCourse = await createTestCourse(server, teacher, []);
  });
  afterAll(() => server?.close());

  const make = (body: unknown, courseId = course.courseId, as = teacher) => server.api<RubricResponse>('POST', `/api/groups/${courseId}/rubrics`, { as, body });
  const importFile = (body: unknown, courseId = course.courseId) => server.api<RubricResponse>('POST', `/api/groups/${courseId}/rubrics/import`, { as: teacher, body });
  const rubricCount = async () => Number((await server.domain.store.db.selectFrom('rubrics').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('are made, listed, read, changed and deleted by the course’s instructors', async () => {
    const made = await make(sampleRubric);
    expect(made.status).toBe(201);
    const rubric = made.body.rubric;
    expect(rubric).toMatchObject({ courseId: course.courseId, title: 'Argument essay', maxPoints: 9.5, usedBy: 0 });
    expect(rubric.criteria.map((c) => c.levels.map((l) => l.points))).toEqual([
      [0, 2, 4],
      [0, 5.5],
    ]);

    const listed = await server.api<RubricsResponse>('GET', `/api/groups/${course.courseId}/rubrics`, { as: teacher });
    expect(listed.body.rubrics.map((r) => r.id)).toContain(rubric.id);
    expect((await server.api<RubricResponse>('GET', `/api/rubrics/${rubric.id}`, { as: teacher })).body.rubric).toEqual(rubric);

    const renamed = await server.api<RubricResponse>('PATCH', `/api/rubrics/${rubric.id}`, { as: teacher, body: { title: 'Essay, second draft' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.rubric).toMatchObject({ title: 'Essay, second draft', criteria: rubric.criteria });
    const criteria = [{ title: 'Only one', levels: [{ label: 'No', points: 0 }, { label: 'Yes', points: 1 }] }];
    const changed = await server.api<RubricResponse>('PATCH', `/api/rubrics/${rubric.id}`, { as: teacher, body: { criteria } });
    // Left-out descriptions are empty, and the title stays.
    expect(changed.body.rubric).toMatchObject({ title: 'Essay, second draft', maxPoints: 1, criteria: [{ title: 'Only one', description: '', levels: [{ label: 'No', description: '', points: 0 }, { label: 'Yes', description: '', points: 1 }] }] });

    expect((await server.api('DELETE', `/api/rubrics/${rubric.id}`, { as: teacher })).status).toBe(204);
    expect((await server.api('GET', `/api/rubrics/${rubric.id}`, { as: teacher })).status).toBe(404);
  });

  it('are the instructors’ only: a learner is refused, someone outside the course finds nothing', async () => {
    const { body } = await make(sampleRubric);
    expect((await make(sampleRubric, course.courseId, ana)).status).toBe(403);
    expect((await server.api('GET', `/api/groups/${course.courseId}/rubrics`, { as: ana })).status).toBe(403);
    expect((await server.api('GET', `/api/rubrics/${body.rubric.id}`, { as: ana })).status).toBe(403);
    expect((await server.api('GET', `/api/rubrics/${body.rubric.id}/export`, { as: ana })).status).toBe(403);
    expect((await server.api('DELETE', `/api/rubrics/${body.rubric.id}`, { as: ana })).status).toBe(403);
    expect((await server.api('GET', `/api/rubrics/${body.rubric.id}`, { as: outsider })).status).toBe(404);
    expect((await make(sampleRubric, course.courseId, outsider)).status).toBe(404);
    // A rubric is a course's: a team holds none.
    const inTeam = await make(sampleRubric, course.teamIds[0]);
    expect(inTeam.status).toBe(400);
  });

  it('go out as a versioned JSON file and come back the same, in another course too', async () => {
    const { body } = await make(sampleRubric);
    const exported = await server.api<RubricFile>('GET', `/api/rubrics/${body.rubric.id}/export`, { as: teacher });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="rubric-argument-essay.json"');
    expect(exported.body).toEqual({ format: 'commonplace-rubric', version: 1, rubric: { title: body.rubric.title, criteria: body.rubric.criteria } });

    const imported = await importFile(exported.body, otherCourse.courseId);
    expect(imported.status).toBe(201);
    expect(imported.body.rubric.id).not.toBe(body.rubric.id);
    expect(imported.body.rubric).toMatchObject({ courseId: otherCourse.courseId, title: body.rubric.title, criteria: body.rubric.criteria, maxPoints: body.rubric.maxPoints });
    const again = await server.api<RubricFile>('GET', `/api/rubrics/${imported.body.rubric.id}/export`, { as: teacher });
    expect(again.body).toEqual(exported.body);
  });

  it('refuses a bad import with a 400 naming the problem, and stores nothing', async () => {
    const before = await rubricCount();
    const file = (rubric: unknown, extra: Record<string, unknown> = {}) => ({ format: 'commonplace-rubric', version: 1, rubric, ...extra });
    const criterion = (levels: unknown[]) => ({ title: 'Clarity', levels });
    const two = [{ label: 'Low', points: 0 }, { label: 'High', points: 3 }];
    const refusals: [unknown, string, RegExp][] = [
      ['{"format": "commonplace-rubric", ', '', /not valid JSON/],
      [{ format: 'something-else', version: 1, rubric: sampleRubric }, 'format', /Not a rubric file/],
      [{ format: 'commonplace-rubric', version: 2, rubric: sampleRubric }, 'version', /Version 1/],
      [file({ title: 'No criteria', criteria: [] }), 'rubric.criteria', /At least 1 criterion/],
      [file({ title: 'Too many', criteria: Array.from({ length: 21 }, () => criterion(two)) }), 'rubric.criteria', /At most 20 criteria/],
      [file({ title: 'One level', criteria: [criterion([{ label: 'Only', points: 1 }])] }), 'rubric.criteria.0.levels', /At least 2 levels/],
      [file({ title: 'Eleven levels', criteria: [criterion(Array.from({ length: 11 }, (_, i) => ({ label: `L${i}`, points: i })))] }), 'rubric.criteria.0.levels', /At most 10 levels/],
      [file({ title: 'Same points', criteria: [criterion([{ label: 'A', points: 2 }, { label: 'B', points: 2 }])] }), 'rubric.criteria.0.levels.1.points', /same points as level 1/],
      [file({ title: 'Too high', criteria: [criterion([{ label: 'A', points: 0 }, { label: 'B', points: 1001 }])] }), 'rubric.criteria.0.levels.1.points', /1000/],
      [file({ title: 'Negative', criteria: [criterion([{ label: 'A', points: -1 }, { label: 'B', points: 1 }])] }), 'rubric.criteria.0.levels.0.points', /0/],
      [file({ title: 'Odd points', criteria: [criterion([{ label: 'A', points: 0.3 }, { label: 'B', points: 1 }])] }), 'rubric.criteria.0.levels.0.points', /half points/],
      [file({ title: '', criteria: [criterion(two)] }), 'rubric.title', /Required/],
      [file({ title: 'x'.repeat(201), criteria: [criterion(two)] }), 'rubric.title', /200/],
      [file({ title: 'Long', criteria: [{ ...criterion(two), description: 'x'.repeat(2001) }] }), 'rubric.criteria.0.description', /2000/],
      [file({ title: 'Unlabelled', criteria: [criterion([{ points: 0 }, { label: 'B', points: 1 }])] }), 'rubric.criteria.0.levels.0.label', /./],
      [file(sampleRubric, { author: 'someone' }), '', /author/],
      [file({ ...sampleRubric, id: 'aaaaaaaaaaaaaaaa' }), 'rubric', /id/],
      [sampleRubric, 'format', /./],
    ];
    for (const [body, field, message] of refusals) {
      const answer = await importFile(body);
      const what = `${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(answer.body)}`;
      expect(answer.status, what).toBe(400);
      expect(errorOf(answer).message, what).toMatch(message);
      if (field) expect(Object.keys(errorOf(answer).fields ?? {}), what).toContain(field);
    }
    expect(await rubricCount()).toBe(before);
  });

  it('list only the course’s own, by title', async () => {
    const later = (await make({ ...sampleRubric, title: 'Zeta rubric' }, otherCourse.courseId)).body.rubric;
    const earlier = (await make({ ...sampleRubric, title: 'Alpha rubric' }, otherCourse.courseId)).body.rubric;
    const { body } = await server.api<RubricsResponse>('GET', `/api/groups/${otherCourse.courseId}/rubrics`, { as: teacher });
    const ids = body.rubrics.map((r: Rubric) => r.id);
    expect(ids.indexOf(earlier.id)).toBeLessThan(ids.indexOf(later.id));
    expect(body.rubrics.every((r: Rubric) => r.courseId === otherCourse.courseId)).toBe(true);
  });
});
