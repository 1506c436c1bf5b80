import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AssignmentDetailResponse, AssignmentResponse } from '../shared/schemas/courses';
import { dimensionLevels, dimensions } from '../shared/schemas/teammate-evaluation';
import { createTestCourse, writeAs } from '../server/features/assignments/test-course';
import type { TestUser } from '../server/testing/test-server';
import { openContext, openPage, screenshot, useApp } from './harness';
import { contrastProblems, hasNoSideways } from './page-checks';

const app = useApp();

const day = 24 * 60 * 60 * 1000;

/** Rates each member (by the name the form shows) the same on every dimension, as a learner clicks it. */
async function rateEveryone(page: Page, given: Record<string, number>): Promise<void> {
  const form = page.getByRole('form', { name: 'Your teammate evaluation' });
  for (const dimension of dimensions) {
    for (const [name, level] of Object.entries(given)) {
      await form.getByRole('group', { name: `${dimensionLevels[dimension].title}: ${name}` }).getByRole('radio', { name: String(level), exact: true }).check();
    }
  }
}

/** A member's row in the instructor's table of their team. */
const memberRow = (page: Page, name: string) => page.locator(`tr[data-member="${name}"]`);
const cell = (page: Page, name: string, which: string) => memberRow(page, name).locator(`[data-cell="${which}"]`).innerText();

describe('teammate evaluation', () => {
  it('learners rate their team in the page; the instructor reads the ratings beside the contribution shares, releases and applies grades; a learner sees their own averages', async () => {
    const [irene, ada, ben, cy] = await app.server.createUsers('Irene Instructor', 'Ada Learner', 'Ben Learner', 'Cy Learner');
    // What is not under test is set up through the API: the course, the team, the assignment, the writing and the submission.
    const course = await createTestCourse(app.server, irene, []);
    const otter = await course.addTeam('Team Otter', [ada, ben, cy]);
    const made = await app.server.api<AssignmentResponse>('POST', `/api/groups/${course.courseId}/assignments`, {
      as: irene,
      body: { title: 'Osmosis lab report', dueAt: new Date(Date.now() + 2 * day).toISOString() },
    });
    expect(made.status).toBe(201);
    const assignmentId = made.body.assignment.id;
    const assignmentPath = `/assignments/${assignmentId}`;
    const detail = await app.server.api<AssignmentDetailResponse>('GET', `/api/assignments/${assignmentId}`, { as: irene });
    const docId = detail.body.teams.find((team) => team.team.id === otter)!.doc!.id;
    // Ada writes 200 characters, Ben 20, Cy 100: shares 62.5%, 6.25% and 31.25%.
    for (const [learner, length] of [
      [ada, 200],
      [ben, 20],
      [cy, 100],
    ] as const) {
      await writeAs(app.server, docId, learner, learner.user.name[0]!.repeat(length));
    }

    // Before the team submits, the evaluation is not open.
    const adaPage = await openPage(await openContext(app, ada), assignmentPath);
    const adaSection = adaPage.getByRole('region', { name: 'Teammate evaluation' });
    await adaSection.getByText('Not open yet').waitFor();
    expect((await app.server.api('POST', `/api/assignments/${assignmentId}/submit`, { as: ada })).status).toBe(200);

    // Each learner rates Ada 4, Ben 5 and Cy 4 on every dimension, in a browser of their own.
    const names = (self: TestUser) =>
      Object.fromEntries(
        [
          [ada, 4],
          [ben, 5],
          [cy, 4],
        ].map(([user, level]) => [user === self ? `${(user as TestUser).user.name} (you)` : (user as TestUser).user.name, level as number]),
      );
    for (const learner of [ada, ben, cy]) {
      const page = learner === ada ? adaPage : await openPage(await openContext(app, learner), assignmentPath);
      if (learner === ada) await page.reload();
      const section = page.getByRole('region', { name: 'Teammate evaluation' });
      await section.getByRole('form', { name: 'Your teammate evaluation' }).waitFor();
      // Sending with a rating missing names what is left and sends nothing.
      if (learner === ada) {
        await section.getByRole('button', { name: 'Send my evaluation' }).click();
        await section.getByRole('alert').getByText('Still to rate').waitFor();
      }
      await rateEveryone(page, names(learner));
      if (learner === ben) await section.getByLabel('About Ada Learner').fill('Ada set up the whole method section.');
      if (learner === ada) {
        expect(await contrastProblems(page)).toEqual([]);
        await screenshot(page, 'teammate-evaluation-form');
      }
      await section.getByRole('button', { name: 'Send my evaluation' }).click();
      await section.getByText(/^Sent .*: your ratings$/).waitFor();
      await section.getByText('Your result appears here once your instructor releases it.').waitFor();
    }

    // The instructor reads each member's ratings beside what was measured.
    const instructor = await openPage(await openContext(app, irene), assignmentPath);
    const table = instructor.getByRole('region', { name: 'Team Otter' });
    await table.getByRole('table', { name: /Teammate evaluation of Team Otter/ }).waitFor();
    // By others: Ada 4, Ben 5, Cy 4; the team's average 4.33; factors 4 / 4.33 = 0.92 and Ben's 1.15 capped at 1.05.
    expect([await cell(instructor, 'Ada Learner', 'by-others'), await cell(instructor, 'Ada Learner', 'factor'), await cell(instructor, 'Ada Learner', 'share')]).toEqual([
      expect.stringMatching(/^4\.00/),
      '0.92',
      expect.stringMatching(/^63%/),
    ]);
    expect(await cell(instructor, 'Ben Learner', 'factor')).toBe('1.05');
    expect(await cell(instructor, 'Ben Learner', 'share')).toMatch(/^6%/);
    expect(await cell(instructor, 'Cy Learner', 'share')).toMatch(/^31%/);
    expect(await cell(instructor, 'Cy Learner', 'sessions')).toBe('1');
    // Ben is rated above the team but wrote under half an even share: the table says so, and only for him.
    const notes = table.getByRole('note');
    expect(await notes.count()).toBe(1);
    expect(await notes.innerText()).toMatch(/disagree.*factor 1\.05.*wrote 6% of the team’s text/);
    await table.getByText('Every rating and comment (9)').click();
    await table.getByText('Ada set up the whole method section.').waitFor();
    const { scrollWidth, clientWidth } = await hasNoSideways(instructor);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(instructor, 'teammate-evaluation-instructor');

    // Release, then apply a team grade of 80 out of 100: Ada and Cy 80 × 0.9231 = 73.85, Ben 80 × 1.05 = 84.
    const section = instructor.getByRole('region', { name: 'Teammate evaluation' });
    await section.getByRole('button', { name: 'Release results to learners' }).click();
    await section.getByText(/^Released /).waitFor();
    await section.getByLabel('Grade of Team Otter').fill('80');
    await section.getByText('Ada Learner: 73.85 (× 0.9231)').waitFor();
    await section.getByRole('button', { name: 'Apply to grades' }).click();
    await section.getByText('Applied to 3 members.').waitFor();
    await memberRow(instructor, 'Ben Learner').locator('[data-cell="grade"]').getByText('84 / 100').waitFor();

    // Ada now sees her own averages, and nothing about who gave which.
    await adaPage.reload();
    const result = adaPage.getByRole('region', { name: 'Your result' });
    await result.waitFor();
    expect(await result.getByTestId('own-average').innerText()).toBe('4.00');
    expect(await result.innerText()).toMatch(/Adjustment factor\s*0\.92/);
    expect(await adaPage.getByText('Ada set up the whole method section.').count()).toBe(0);
    await screenshot(adaPage, 'teammate-evaluation-result');
  });
});
