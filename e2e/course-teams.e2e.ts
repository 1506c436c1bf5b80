import { describe, expect, it } from 'vitest';
import { openContext, openPage, screenshot, useApp } from './harness';
import { contrastProblems, hasNoSideways } from './page-checks';

const app = useApp();

const csvFile = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });

describe('a course’s teams', () => {
  it('an instructor imports a roster (fixing an error first), forms teams automatically, moves a learner and opens self-sign-up; a learner joins a team', async () => {
    const [irene, ben, cleo, dan, eve] = await app.server.createUsers('Irene Instructor', 'Ben Learner', 'Cleo Learner', 'Dan Learner', 'Eve Learner');
    const desktop = { width: 1200, height: 750 };
    const instructor = await openPage(await openContext(app, irene, desktop, { colorScheme: 'dark' }), '/');

    await instructor.getByRole('button', { name: 'New group' }).click();
    await instructor.getByLabel('Group name').fill('Chemistry 201');
    await instructor.getByRole('button', { name: 'Create group' }).click();
    await instructor.getByRole('heading', { name: 'Chemistry 201', level: 1 }).waitFor();
    const coursePath = new URL(instructor.url()).pathname;
    await instructor.getByRole('heading', { name: 'No teams yet' }).waitFor();

    // A roster with a broken address: its row says so, and nothing can be imported until the file is fixed.
    const header = 'name,email,team,section';
    const rows = [`Ben Learner,${ben.user.email},Team Otter,A`, `Cleo Learner,${cleo.user.email},,B`, `Dan Learner,${dan.user.email},,A`];
    await instructor.getByRole('button', { name: 'Import roster' }).click();
    const importDialog = instructor.getByRole('dialog', { name: 'Import a roster' });
    await importDialog.getByLabel('Roster CSV file').setInputFiles(csvFile('broken.csv', [header, ...rows, 'Fay Learner,fay-at-example,,B']));
    const errorRow = importDialog.locator('tr[data-status="error"]');
    await errorRow.getByText('Error', { exact: true }).waitFor();
    expect(await errorRow.innerText()).toContain('fay-at-example');
    expect(await importDialog.getByRole('button', { name: /^Import \d+ learners?$/ }).isDisabled()).toBe(true);
    await screenshot(instructor, 'course-roster-errors');

    // Fixed: Fay has no account yet and is invited.
    await importDialog.getByLabel('Roster CSV file').setInputFiles(csvFile('fixed.csv', [header, ...rows, 'Fay Learner,fay@example.test,,B']));
    await importDialog.getByRole('button', { name: 'Import 4 learners' }).click();
    const imported = instructor.getByRole('dialog', { name: 'Roster imported' });
    await imported.getByText(/1 invited/).waitFor();
    await imported.getByRole('button', { name: 'Close' }).click();

    const teams = instructor.getByRole('list', { name: 'Teams' });
    const otter = teams.getByRole('listitem', { name: 'Team Otter' });
    await otter.getByText('Ben Learner').waitFor();
    const unassigned = instructor.getByRole('list', { name: 'Unassigned learners' });
    await unassigned.getByText('Cleo Learner').waitFor();
    await unassigned.getByText('Dan Learner').waitFor();

    // Cleo and Dan, in no team, are formed into one team of two, balanced by section.
    await instructor.getByRole('button', { name: 'Form teams automatically' }).click();
    const autoDialog = instructor.getByRole('dialog', { name: 'Form teams automatically' });
    await autoDialog.getByLabel('Team size').fill('2');
    await autoDialog.getByLabel('Form').selectOption('section');
    await autoDialog.getByRole('list', { name: 'Proposed teams' }).getByText('Cleo Learner').waitFor();
    await autoDialog.getByRole('button', { name: 'Create 1 team' }).click();
    await instructor.getByRole('dialog', { name: 'Teams formed' }).getByRole('button', { name: 'Close' }).click();
    const formed = teams.getByRole('listitem').filter({ hasText: 'Cleo Learner' });
    await formed.getByText('Dan Learner').waitFor();
    await instructor.getByText('Every learner of the course is in a team.').waitFor();
    // The picture shows the teams, not the page's end: their heading at the top, under the header.
    await instructor.getByRole('heading', { name: 'Teams', level: 2 }).evaluate((heading) => {
      heading.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -80);
    });
    await screenshot(instructor, 'course-teams');

    // Dan moves to Team Otter with the menu on his name.
    await formed.getByRole('button', { name: 'Actions for Dan Learner' }).click();
    await instructor.getByRole('menuitem', { name: 'Move to team…' }).click();
    const move = instructor.getByRole('dialog', { name: 'Move Dan Learner' });
    await move.getByLabel('Team').selectOption({ label: 'Team Otter (1 learner)' });
    await move.getByRole('button', { name: 'Move' }).click();
    await otter.getByText('Dan Learner').waitFor();
    expect(await formed.getByText('Dan Learner').count()).toBe(0);

    // Self-sign-up, at most two a team: Eve, who joins the course later, picks a team with room.
    await instructor.getByLabel('Let learners in no team join one themselves').check();
    await instructor.getByLabel('Most learners per team').fill('2');
    await instructor.getByRole('form', { name: 'Self-sign-up' }).getByRole('button', { name: 'Save' }).click();
    await instructor.getByText('Now on: a team takes at most 2 learners this way.').waitFor();
    expect(await contrastProblems(instructor)).toEqual([]);
    await instructor.setViewportSize({ width: 390, height: 844 });
    const width = await hasNoSideways(instructor);
    expect(width.scrollWidth).toBeLessThanOrEqual(width.clientWidth);
    await teams.scrollIntoViewIfNeeded();
    await screenshot(instructor, 'course-teams-phone');

    const courseId = coursePath.split('/').pop() ?? '';
    const invite = await app.server.api<{ invite: { code: string } }>('POST', `/api/groups/${courseId}/invites`, { as: irene, body: { role: 'member' } });
    expect(invite.status).toBe(201);
    expect((await app.server.api('POST', `/api/invites/${invite.body.invite.code}/accept`, { as: eve })).status).toBe(200);
    const learner = await openPage(await openContext(app, eve, { width: 390, height: 844 }), coursePath);
    const open = learner.getByRole('list', { name: 'Teams with room' });
    await open.getByRole('button', { name: /^Join Team/ }).first().waitFor();
    // Team Otter is full (Ben and Dan): only the team with room is offered.
    expect(await open.getByRole('button', { name: 'Join Team Otter' }).count()).toBe(0);
    await open.getByRole('button', { name: /^Join Team/ }).first().click();
    const mine = learner.getByRole('region', { name: /^Team / });
    await mine.getByText('With Cleo Learner.').waitFor();
    await mine.scrollIntoViewIfNeeded();
    await screenshot(learner, 'course-learner-phone');

    // Her team's page leads back to the course.
    await mine.getByRole('heading').getByRole('link').click();
    await learner.getByRole('navigation', { name: 'Course' }).getByRole('link', { name: 'Chemistry 201' }).click();
    await learner.getByRole('heading', { name: 'Chemistry 201', level: 1 }).waitFor();
    expect(new URL(learner.url()).pathname).toBe(coursePath);
  });
});
