import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { AssignmentDetailResponse, AssignmentResponse } from '../shared/schemas/courses';
import { createTestCourse, writeAs } from '../server/features/assignments/test-course';
import { openContext, openPage, screenshot, selectText, useApp, waitForSyncStatus, waitForText } from './harness';
import { contrastProblems, hasNoSideways } from './page-checks';

const app = useApp();

const day = 24 * 60 * 60 * 1000;

/** A datetime-local value `ms` from now on the page's own clock and zone. */
function localTimeFromNow(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const date = new Date(Date.now() + ahead);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, ms);
}

/** A thread in the feedback panel, found by text it shows. */
const threadCard = (page: Page, text: string) => page.locator('.threads-panel article').filter({ hasText: text });

describe('peer review between teams', () => {
  it('an instructor sets a rubric and K=1; a reviewer fills the rubric and comments inline; the authors see “Reviewer 1” and rate it; the instructor sees who, scores and helpfulness', async () => {
    const [irene, ana, amy, ben] = await app.server.createUsers('Irene Instructor', 'Ana Learner', 'Amy Learner', 'Ben Learner');
    // What is not under test is set up through the API: the course, its two teams, the assignment and the submissions.
    const course = await createTestCourse(app.server, irene, []);
    const otter = await course.addTeam('Team Otter', [ana, amy]);
    const heron = await course.addTeam('Team Heron', [ben]);
    const made = await app.server.api<AssignmentResponse>('POST', `/api/groups/${course.courseId}/assignments`, {
      as: irene,
      body: { title: 'Osmosis lab report', dueAt: new Date(Date.now() + 2 * day).toISOString() },
    });
    expect(made.status).toBe(201);
    const assignmentPath = `/assignments/${made.body.assignment.id}`;

    // The instructor makes the rubric in the page and allocates one review per team.
    const instructor = await openPage(await openContext(app, irene), assignmentPath);
    const section = instructor.getByRole('region', { name: 'Peer review' });
    await section.getByText(/no rubric yet/).waitFor();
    await section.getByRole('button', { name: 'New rubric' }).click();
    const editor = section.getByRole('form', { name: 'New rubric' });
    await editor.getByLabel('Rubric title').fill('Lab report');
    await editor.getByLabel('Criterion 1 title').fill('Method');
    await editor.getByLabel('Criterion 1 description', { exact: true }).fill('Could another team repeat it?');
    await editor.getByLabel('Criterion 1, level 3 description').fill('Every step and amount is given.');
    await editor.getByRole('button', { name: 'Add a criterion' }).click();
    await editor.getByLabel('Criterion 2 title').fill('Conclusion');
    await editor.getByLabel('Criterion 2, level 3 points').fill('4');
    await screenshot(instructor, 'peer-review-rubric-editor');
    await editor.getByRole('button', { name: 'Create the rubric' }).click();
    await section.getByRole('combobox', { name: 'Rubric' }).waitFor();
    expect(await section.getByRole('combobox', { name: 'Rubric' }).locator('option:checked').innerText()).toBe('Lab report (2 criteria, 6 points)');
    await section.getByLabel('Reviews per team (K)').fill('1');
    await section.getByLabel('Reviews due').fill(await localTimeFromNow(instructor, 3 * day));
    expect(await section.getByRole('radio', { name: /Reviewers hidden from authors/ }).isChecked()).toBe(true);
    await section.getByRole('button', { name: 'Make the allocation' }).click();
    const allocation = section.getByRole('table', { name: 'Who reviews whom' });
    await allocation.getByRole('row').filter({ hasText: 'Team Otter' }).getByText('Reviewer 1: Team Heron').waitFor();
    await allocation.getByRole('row').filter({ hasText: 'Team Heron' }).getByText('Reviewer 1: Team Otter').waitFor();
    await allocation.scrollIntoViewIfNeeded();
    await screenshot(instructor, 'peer-review-allocation');
    const otterMembers = await allocation.getByRole('rowheader', { name: /Team Otter/ }).innerText();
    expect(otterMembers).toContain('Ana Learner');
    expect(otterMembers).toContain('Amy Learner');

    // Both teams submit.
    const detail = await app.server.api<AssignmentDetailResponse>('GET', `/api/assignments/${made.body.assignment.id}`, { as: irene });
    const copyOf = new Map(detail.body.teams.map((team) => [team.team.id, team.doc!.id]));
    for (const [learner, team, text] of [
      [ana, otter, 'The cell membrane lets water through but not salt.'],
      [ben, heron, 'Potato slices lost mass in salt water.'],
    ] as const) {
      await writeAs(app.server, copyOf.get(team)!, learner, text);
      expect((await app.server.api('POST', `/api/assignments/${made.body.assignment.id}/submit`, { as: learner })).status).toBe(200);
    }

    // The instructor opens the reviews.
    await section.getByRole('button', { name: 'Open reviews now' }).click();
    const confirmOpen = instructor.getByRole('dialog', { name: 'Open the reviews now?' });
    await confirmOpen.getByRole('button', { name: 'Open reviews' }).click();
    const reviewsTable = section.getByRole('table', { name: 'Reviews, with names' });
    await reviewsTable.getByRole('row').filter({ hasText: 'Team Heron' }).first().waitFor();
    expect(await reviewsTable.locator('tbody tr[data-status="draft"]').count()).toBe(2);

    // Ben, Team Heron's reviewer, finds the submission to review on his assignment page.
    const reviewer = await openPage(await openContext(app, ben), assignmentPath);
    const toWrite = reviewer.getByRole('region', { name: 'Reviews to write' });
    await toWrite.getByRole('link', { name: 'Submission 1' }).click();
    await reviewer.waitForURL('**/reviews/*');
    const reviewPath = new URL(reviewer.url()).pathname;
    await waitForText(reviewer, 'The cell membrane lets water through');
    await waitForSyncStatus(reviewer, 'saved');

    // He comments on the text inline...
    await selectText(reviewer, 'lets water through');
    await reviewer.getByRole('toolbar', { name: 'Feedback on the selected text' }).getByRole('button', { name: 'Comment' }).click();
    await reviewer.getByRole('textbox', { name: 'Comment', exact: true }).fill('Through what, exactly? Name the channels.');
    await reviewer.getByRole('button', { name: 'Post comment' }).click();
    await threadCard(reviewer, 'Name the channels').waitFor();
    await screenshot(reviewer, 'peer-review-document');

    // ...and fills the rubric beside it, saved as he types: a reload keeps it.
    const form = reviewer.getByRole('form', { name: 'Your review of Submission 1' });
    await form.getByRole('group', { name: 'Method' }).getByRole('radio', { name: /Developing/ }).check();
    await form.getByLabel('Comment on Method').fill('Amounts are missing.');
    await form.getByLabel('Overall comment').fill('A clear claim; show the numbers.');
    await form.locator('[data-save-status="saved"]').waitFor();
    await reviewer.reload();
    await form.getByLabel('Overall comment').waitFor();
    expect(await form.getByLabel('Overall comment').inputValue()).toBe('A clear claim; show the numbers.');
    expect(await form.getByRole('group', { name: 'Method' }).getByRole('radio', { name: /Developing/ }).isChecked()).toBe(true);

    // Submitting without a level for every criterion is refused beside the criterion left out.
    await form.getByRole('button', { name: 'Submit the review' }).click();
    const confirmSubmit = reviewer.getByRole('dialog', { name: 'Submit this review?' });
    await confirmSubmit.getByText('1 criterion has no level yet.').waitFor();
    await confirmSubmit.getByRole('button', { name: 'Submit' }).click();
    await form.getByRole('group', { name: 'Conclusion' }).getByText('Choose a level.').waitFor();
    await form.getByRole('group', { name: 'Conclusion' }).getByRole('radio', { name: /Accomplished/ }).check();
    await screenshot(reviewer, 'peer-review-reviewer');
    // Scrolled down to the rubric, the feedback (sticky) stays in its own column, beside the form, not over it.
    const [feedbackBox, formBox] = await Promise.all([reviewer.locator('.threads-panel').boundingBox(), form.boundingBox()]);
    expect(feedbackBox && formBox && feedbackBox.x >= formBox.x + formBox.width).toBe(true);
    expect(await contrastProblems(reviewer)).toEqual([]);
    await form.getByRole('button', { name: 'Submit the review' }).click();
    await confirmSubmit.getByRole('button', { name: 'Submit' }).click();
    await reviewer.locator('[data-review-status="submitted"]').waitFor();
    expect(await reviewer.getByRole('form', { name: 'Your review of Submission 1' }).count()).toBe(0);

    // Ana, of Team Otter, reads "Reviewer 1": never who wrote it.
    const author = await openPage(await openContext(app, ana), assignmentPath);
    const received = author.getByRole('region', { name: 'Reviews of your work' });
    const review = received.getByRole('article', { name: 'Review by Reviewer 1' });
    await review.getByText('Amounts are missing.').waitFor();
    await review.getByText('A clear claim; show the numbers.').waitFor();
    await review.getByText('5 / 6').waitFor();
    const receivedText = await received.innerText();
    expect(receivedText).not.toContain('Ben');
    expect(receivedText).not.toContain('Team Heron');
    expect(await author.locator('body').innerText()).not.toContain('Ben Learner');

    // She rates it in the page.
    const rating = review.getByRole('form', { name: 'How helpful was Reviewer 1?' });
    await rating.getByRole('radio', { name: '4: Very helpful' }).check();
    await rating.getByLabel('A note for the reviewers (optional)').fill('The amounts tip helped.');
    await rating.getByRole('button', { name: 'Rate helpfulness' }).click();
    await rating.getByText('Rated 4 of 5').waitFor();
    await screenshot(author, 'peer-review-author');
    expect(await contrastProblems(author)).toEqual([]);
    await author.setViewportSize({ width: 390, height: 844 });
    const authorPhone = await hasNoSideways(author);
    expect(authorPhone.scrollWidth).toBeLessThanOrEqual(authorPhone.clientWidth);
    await author.setViewportSize({ width: 1200, height: 750 });

    // The review's inline comment is in the reviewed copy, signed by the reviewer's number.
    await review.getByRole('link', { name: 'Read the inline comments in your document' }).click();
    await author.waitForURL(`**${reviewPath}`);
    const comment = threadCard(author, 'Name the channels');
    await comment.waitFor();
    expect(await comment.innerText()).toContain('Reviewer 1');
    expect(await author.locator('body').innerText()).not.toContain('Ben Learner');

    // Ben sees how helpful it was found.
    await reviewer.goto(assignmentPath);
    await toWrite.getByText('4 of 5').waitFor();

    // The instructor sees who reviewed whom, the scores and the helpfulness.
    await instructor.reload();
    const heronRow = reviewsTable.getByRole('row').filter({ has: instructor.getByRole('rowheader', { name: /Team Heron/ }) });
    await heronRow.getByText('4 of 5').waitFor();
    expect(await heronRow.getByRole('cell').nth(0).innerText()).toBe('Team Otter');
    await heronRow.getByText('5 / 6').waitFor();
    await heronRow.getByText('“The amounts tip helped.”').waitFor();
    await reviewsTable.getByRole('row').filter({ has: instructor.getByRole('rowheader', { name: /Team Otter/ }) }).getByText('Draft').waitFor();
    await reviewsTable.scrollIntoViewIfNeeded();
    await screenshot(instructor, 'peer-review-instructor');
    expect(await contrastProblems(instructor)).toEqual([]);
    await instructor.getByRole('button', { name: 'Dark theme' }).click();
    await instructor.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await contrastProblems(instructor)).toEqual([]);

    // On a phone the review page keeps to the screen's width: the rubric's answers under the text.
    await reviewer.setViewportSize({ width: 390, height: 844 });
    await reviewer.goto(reviewPath);
    await waitForText(reviewer, 'The cell membrane lets water through');
    await reviewer.getByText('Amounts are missing.').waitFor();
    const phone = await hasNoSideways(reviewer);
    expect(phone.scrollWidth).toBeLessThanOrEqual(phone.clientWidth);
  });
});
