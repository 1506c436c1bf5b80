import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { editorOf, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';
import { contrastProblems, hasNoSideways } from './page-checks';

const app = useApp();

/**
 * A datetime-local value `ms` from now on the page's own clock and zone,
 * with a half-hour's margin so that the countdown reads the same whole
 * hours for the rest of the test.
 */
function localTimeFromNow(page: Page, ms: number): Promise<string> {
  return page.evaluate((ahead) => {
    const date = new Date(Date.now() + ahead);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
  }, ms);
}

const hour = 60 * 60 * 1000;
const day = 24 * hour;

describe('a course with an assignment', () => {
  it('an instructor forms teams from a roster and automatically and sets an assignment; a learner writes and submits; the class view shows it', async () => {
    const [irene, ben, cleo, dan] = await app.server.createUsers('Irene Instructor', 'Ben Learner', 'Cleo Learner', 'Dan Learner');
    const desktop = { width: 1200, height: 750 };
    // The instructor and the learner are in different zones: each reads the due time on their own clock.
    const instructor = await openPage(await openContext(app, irene, desktop, { timezoneId: 'Europe/Berlin' }), '/');

    // A course is a group with teams: the instructor makes the group, then its teams.
    await instructor.getByRole('button', { name: 'New group' }).click();
    await instructor.getByLabel('Group name').fill('Biology 101');
    await instructor.getByRole('button', { name: 'Create group' }).click();
    await instructor.getByRole('heading', { name: 'Biology 101', level: 1 }).waitFor();
    const coursePath = new URL(instructor.url()).pathname;

    // The roster: Ana has no account yet (invited, joins Team Otter at sign-up); Cleo and Dan have no team.
    const roster = [
      'name,email,team',
      'Ana Learner,ana@example.test,Team Otter',
      `Ben Learner,${ben.user.email},Team Otter`,
      `Cleo Learner,${cleo.user.email},`,
      `Dan Learner,${dan.user.email},`,
    ].join('\n');
    await instructor.getByRole('button', { name: 'Import roster' }).click();
    const importDialog = instructor.getByRole('dialog', { name: 'Import a roster' });
    await importDialog.getByLabel('Roster CSV file').setInputFiles({ name: 'biology.csv', mimeType: 'text/csv', buffer: Buffer.from(roster) });
    await importDialog.getByRole('button', { name: 'Import 4 learners' }).click();
    const imported = instructor.getByRole('dialog', { name: 'Roster imported' });
    await imported.waitFor();
    await imported.getByRole('button', { name: 'Close' }).click();

    // Cleo and Dan, in no team, are formed into a team of two.
    await instructor.getByRole('button', { name: 'Form teams automatically' }).click();
    const autoDialog = instructor.getByRole('dialog', { name: 'Form teams automatically' });
    await autoDialog.getByLabel('Team size').fill('2');
    await autoDialog.getByRole('button', { name: 'Create 1 team' }).click();
    const formed = instructor.getByRole('dialog', { name: 'Teams formed' });
    await formed.waitFor();
    await formed.getByRole('button', { name: 'Close' }).click();
    // Each team's card is a list item named by the team: the new one holds Cleo and Dan.
    const formedTeam = instructor.getByRole('list', { name: 'Teams' }).getByRole('listitem', { name: /./ }).filter({ hasText: 'Cleo Learner' });
    await formedTeam.getByText('Dan Learner').waitFor();

    // The assignment: a template each team's copy starts from, due in two days and three hours, locking then.
    const assignments = instructor.getByRole('region', { name: 'Assignments' });
    await assignments.getByRole('button', { name: 'Set an assignment' }).click();
    const form = instructor.getByRole('form', { name: 'Set an assignment' });
    await form.getByLabel('Title', { exact: true }).fill('Osmosis lab report');
    await form.getByRole('textbox', { name: 'Instructions' }).fill('Write up the **osmosis** lab as a team.\n\n- Hypothesis\n- Method');
    await form.getByRole('button', { name: 'Preview instructions' }).click();
    await form.getByRole('region', { name: 'Instructions, preview' }).getByText('osmosis', { exact: true }).waitFor();
    await form.getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('From a template I write').check();
    await form.getByRole('textbox', { name: 'Template' }).fill('# Osmosis lab\n\n## Hypothesis\n\nWhat we expect.');
    await form.getByLabel('Due', { exact: true }).fill(await localTimeFromNow(instructor, 2 * day + 3 * hour + 30 * 60 * 1000));
    expect(await form.getByLabel('Lock each team’s document').isChecked()).toBe(true);
    await screenshot(instructor, 'assignment-set');
    await form.getByRole('button', { name: 'Set assignment' }).click();
    await instructor.waitForURL('**/assignments/*');
    const assignmentPath = new URL(instructor.url()).pathname;
    const classView = instructor.getByRole('region', { name: 'Class view' });
    const otterRow = classView.getByRole('row').filter({ hasText: 'Team Otter' });
    await otterRow.locator('.status-badge', { hasText: 'Not started' }).waitFor();
    expect(await classView.getByRole('row').count()).toBe(3); // the header and two teams

    // Ana signs up with the address on the roster and finds the assignment from her home.
    const ana = await openPage(await openContext(app, undefined, desktop, { timezoneId: 'America/New_York' }), '/signup');
    await ana.getByLabel('Your name').fill('Ana Learner');
    await ana.getByLabel('Email').fill('ana@example.test');
    await ana.getByLabel('Password').fill('a long enough password');
    await ana.getByRole('button', { name: 'Create account' }).click();
    await ana.getByRole('heading', { name: 'Hello, Ana' }).waitFor();
    // Home lists it first, with her course and team, its status and the countdown on her clock.
    const homeAssignments = ana.getByRole('region', { name: 'Your assignments' });
    const homeItem = homeAssignments.getByRole('listitem').filter({ hasText: 'Osmosis lab report' });
    await homeItem.getByText('Biology 101 · Team Otter').waitFor();
    await homeItem.getByText('Due in 2 days 3 hours').waitFor();
    await homeItem.locator('.status-badge', { hasText: 'Not started' }).waitFor();
    await screenshot(ana, 'home-assignments');
    await homeItem.getByRole('link', { name: 'Osmosis lab report' }).click();
    await ana.waitForURL(`**${assignmentPath}`);
    await ana.getByRole('heading', { name: 'Osmosis lab report', level: 1 }).waitFor();
    const teamPanel = ana.getByRole('region', { name: 'Team Otter' });
    await teamPanel.getByText('Due in 2 days 3 hours').waitFor();
    await teamPanel.locator('.status-badge', { hasText: 'Not started' }).waitFor();
    await ana.getByRole('region', { name: 'Instructions' }).getByText('osmosis', { exact: true }).waitFor();
    await screenshot(ana, 'assignment-learner');
    expect(await contrastProblems(ana)).toEqual([]);
    await ana.setViewportSize({ width: 390, height: 844 });
    const phone = await hasNoSideways(ana);
    expect(phone.scrollWidth).toBeLessThanOrEqual(phone.clientWidth);
    await screenshot(ana, 'assignment-learner-phone');
    await ana.setViewportSize(desktop);

    // She writes in her team's copy, started from the template.
    await teamPanel.getByRole('link', { name: 'Open your team’s document' }).click();
    await ana.waitForURL('**/docs/*');
    await waitForText(ana, 'What we expect.');
    await waitForSyncStatus(ana, 'saved');
    await typeAtEnd(ana, ' Water moves toward the salt.');
    await waitForText(ana, 'Water moves toward the salt.');
    await waitForSyncStatus(ana, 'saved');
    expect(await editorOf(ana).getAttribute('aria-readonly')).toBe('false');

    // And submits for the team, after confirming.
    await ana.goBack();
    await ana.waitForURL(`**${assignmentPath}`);
    await teamPanel.getByRole('button', { name: 'Submit' }).click();
    const confirm = ana.getByRole('dialog', { name: 'Submit for your team?' });
    await confirm.getByText('You can resubmit until the due time').waitFor();
    await confirm.getByRole('button', { name: 'Submit' }).click();
    await teamPanel.getByText(/^Submitted at .* by Ana Learner$/).waitFor();
    await teamPanel.locator('.status-badge', { hasText: 'Submitted' }).waitFor();
    await teamPanel.getByRole('button', { name: 'Resubmit' }).waitFor();
    // Home says it is handed in.
    await ana.getByRole('link', { name: 'Commonplace, home' }).click();
    await homeItem.locator('.status-badge', { hasText: 'Submitted' }).waitFor();
    await homeItem.getByText(/^Submitted \S/).waitFor();

    // The instructor's class view: Team Otter submitted; Ana wrote all the team's text, Ben none, and both stand out in words.
    await instructor.reload();
    await otterRow.locator('.status-badge', { hasText: 'Submitted' }).waitFor();
    expect(await otterRow.getAttribute('data-status')).toBe('submitted');
    const anaShare = otterRow.getByRole('listitem').filter({ hasText: 'Ana Learner' });
    const benShare = otterRow.getByRole('listitem').filter({ hasText: 'Ben Learner' });
    expect(await anaShare.innerText()).toMatch(/Ana Learner 100%\s*most/);
    expect(await benShare.innerText()).toMatch(/Ben Learner 0%\s*little/);
    expect(await classView.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(`/api${assignmentPath}/class?format=csv`);

    // The other team gets a day more; its row says so, and Team Otter keeps the class's due time.
    const otherRow = classView.getByRole('row').filter({ hasText: 'Cleo Learner' });
    await otherRow.getByRole('button', { name: /^Extend the due time of / }).click();
    const extend = instructor.getByRole('dialog', { name: /^Extend the due time of / });
    await extend.getByLabel('New due time').fill(await localTimeFromNow(instructor, 3 * day + 3 * hour + 30 * 60 * 1000));
    await extend.getByRole('button', { name: 'Extend' }).click();
    await extend.waitFor({ state: 'hidden' });
    await otherRow.getByText(/^Extended to /).waitFor();
    expect(await otterRow.getByText(/^Extended to /).count()).toBe(0);

    // Filtering: only the submitted team; then the class on a phone, each team a card, nothing wider than the screen.
    await classView.getByLabel('Status').selectOption('submitted');
    expect(await classView.getByRole('row').count()).toBe(2);
    await screenshot(instructor, 'class-view');
    await classView.getByLabel('Status').selectOption('all');
    expect(await classView.getByRole('row').count()).toBe(3);
    expect(await contrastProblems(instructor)).toEqual([]);
    await instructor.setViewportSize({ width: 390, height: 844 });
    const { scrollWidth, clientWidth } = await hasNoSideways(instructor);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await screenshot(instructor, 'class-view-phone');

    // In the dark theme every piece of text keeps its contrast too, the status pills and flags included.
    await instructor.setViewportSize(desktop);
    await instructor.getByRole('button', { name: 'Dark theme' }).click();
    await instructor.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await contrastProblems(instructor)).toEqual([]);
    await screenshot(instructor, 'class-view-dark');

    // The course page lists the assignment with its countdown.
    await instructor.goto(coursePath);
    await instructor.getByRole('region', { name: 'Assignments' }).getByText('Due in 2 days 3 hours').waitFor();
  });
});
