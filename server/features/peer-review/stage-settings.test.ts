import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../../shared/api-error';
import type { PeerReviewAllocationResponse } from '../../../shared/schemas/peer-review';
import { testClock } from '../../testing/test-clock';
import { startTestServer, type TestServer, type TestUser } from '../../testing/test-server';
import { type ReviewedAssignment, reviewedAssignment } from './test-peer-review';

const day = 86_400_000;
const errorOf = (answer: { body: unknown }) => (answer.body as ApiErrorBody).error;

/** A stage's anonymity, opening and due times: set with the allocation or changed after, never into the past or out of order. */
describe('peer review stage settings', () => {
  const clock = testClock();
  let server: TestServer;
  let teacher: TestUser;
  let ana: TestUser;
  let essay: ReviewedAssignment;
  const change = (body: unknown, as = teacher) => server.api<PeerReviewAllocationResponse>('PATCH', `/api/assignments/${essay.assignmentId}/peer-review/stage`, { as, body });

  beforeAll(async () => {
    server = await startTestServer({}, { now: clock.now });
    [teacher, ana] = await server.createUsers('Teacher', 'Ana');
    const [ben, cleo] = await server.createUsers('Ben', 'Cleo');
    essay = await reviewedAssignment(server, teacher, [[ana], [ben], [cleo]], { k: 1, opensAt: clock.now() + day, dueAt: clock.now() + 3 * day });
  });
  afterAll(() => server?.close());

  it('keeps what the allocation was made with and changes it for the instructors only', async () => {
    const dueAt = clock.now() + 4 * day;
    const changed = await change({ anonymity: 'none', dueAt });
    expect(changed.status).toBe(200);
    expect(changed.body.allocation).toMatchObject({ anonymity: 'none', dueAt, openedAt: null });
    expect(changed.body.allocation!.opensAt).toBeGreaterThan(clock.now());
    expect((await change({ anonymity: 'both' }, ana)).status).toBe(403);
    expect((await change({})).status).toBe(400);
  });

  it('refuses a time in the past and a due time not after the opening, naming the field', async () => {
    const past = await change({ opensAt: clock.now() - 1000 });
    expect(past.status).toBe(400);
    expect(Object.keys(errorOf(past).fields ?? {})).toEqual(['opensAt']);
    const pastDue = await change({ dueAt: clock.now() - 1000 });
    expect(Object.keys(errorOf(pastDue).fields ?? {})).toEqual(['dueAt']);
    const beforeOpening = await change({ dueAt: clock.now() + day / 2 });
    expect(beforeOpening.status).toBe(400);
    expect(errorOf(beforeOpening).message).toContain('due before they open');
    // Opening by hand, with no opening time, leaves any due time to come.
    expect((await change({ opensAt: null, dueAt: clock.now() + day / 2 })).status).toBe(200);
    const made = await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/allocation`, {
      as: teacher,
      body: { k: 1, rubricId: essay.rubricId, opensAt: clock.now() + 2 * day, dueAt: clock.now() + day },
    });
    expect(made.status).toBe(400);
    expect(Object.keys(errorOf(made).fields ?? {})).toEqual(['dueAt']);
  });

  it('changes neither anonymity nor the opening time once open; the due time still moves, and sending a setting back unchanged is no change', async () => {
    expect((await server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/open`, { as: teacher })).status).toBe(200);
    const anonymity = await change({ anonymity: 'both' });
    expect(anonymity.status).toBe(409);
    expect(errorOf(anonymity).message).toContain('who is hidden from whom no longer changes');
    expect((await change({ opensAt: clock.now() + day })).status).toBe(409);
    const current = (await server.api<PeerReviewAllocationResponse>('GET', `/api/assignments/${essay.assignmentId}/peer-review/allocation`, { as: teacher })).body.allocation!;
    const dueAt = clock.now() + 5 * day;
    const same = await change({ anonymity: current.anonymity, opensAt: current.opensAt, dueAt });
    expect(same.status).toBe(200);
    expect(same.body.allocation!.dueAt).toBe(dueAt);
  });
});
