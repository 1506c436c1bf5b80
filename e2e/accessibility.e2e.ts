import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MyPeerReviewsResponse } from '../shared/schemas/peer-reviews';
import { reviewedAssignment } from '../server/features/peer-review/test-peer-review';
import { createTestDoc } from '../server/testing/test-server';
import { axeProblems, commentOn, nameVersion, suggestOn, writtenDoc } from './a11y-fixtures';
import { openContext, openPage, useApp, waitForText } from './harness';

const app = useApp();

/**
 * Every page of client/src/app/routes.tsx, and the states people spend
 * their time in (the editor with its feedback open, a form open, the
 * history compared, the class view, dialogs, the dark theme, a phone), is
 * checked by axe-core against WCAG 2.1 AA: no serious or critical
 * violation. Each test gathers the problems of all its states before it
 * fails, so that one run lists everything to fix.
 */

const phone = { width: 390, height: 844 };

/** Each test checks many states, and axe takes seconds for each on a small machine. */
const axeTimeout = 600_000;

/** The page's first-level heading, once its data has come: the page is drawn. */
const pageDrawn = (page: Page, name?: string | RegExp) => page.getByRole('heading', { level: 1, ...(name ? { name } : {}) }).first().waitFor();

/** Waits until the document says it is saved: generously, as a loaded machine opens the editor slowly while axe runs. */
const saved = (page: Page) => page.locator('[data-sync-status="saved"]').waitFor({ timeout: 90_000 });

/** Checks the page as it is now under `state`, adding what fails to `problems`. */
async function check(problems: string[], page: Page, state: string): Promise<void> {
  const started = Date.now();
  problems.push(...(await axeProblems(page, state)));
  if (process.env.A11Y_TIMES) console.log(`${state}: ${Date.now() - started} ms`);
}

/**
 * Puts the page in the given theme as the header's toggle does (not every
 * page has the header), once every colour has settled.
 */
async function theme(page: Page, chosen: 'dark' | 'light'): Promise<void> {
  await page.evaluate(async (value) => {
    const root = document.documentElement;
    root.classList.add('theme-switching');
    root.dataset.theme = value;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    root.classList.remove('theme-switching');
  }, chosen);
}

/** A failing test prints every problem, one after the other. */
function expectNone(problems: string[]): void {
  expect(problems.join('\n\n')).toBe('');
}

/** A document by Ada with a named version, Grace's comment and Rey's suggestion (Rey reviews). */
async function memberDoc() {
  const [ada, grace, rey] = await app.server.createUsers('Ada Lovelace', 'Grace Hopper', 'Rey Reviewer');
  const { docId, groupId } = await writtenDoc(
    app.server,
    [
      { member: ada, role: 'member' },
      { member: grace, role: 'instructor' },
      { member: rey, role: 'reviewer' },
    ],
    ['The engine weaves algebraic patterns.', 'It might compose elaborate music.'],
  );
  await nameVersion(app.server, docId, ada, 'First draft');
  await commentOn(app.server, docId, grace, 'algebraic patterns', 'Which patterns, exactly?');
  await suggestOn(app.server, docId, rey, 'elaborate', 'intricate', 'A stronger word.');
  return { ada, rey, docId, groupId };
}

describe('accessibility (WCAG 2.1 AA, axe-core)', () => {
  it('the pages before signing in, and the page for an unknown address', async () => {
    const problems: string[] = [];
    const irene = await app.server.createUser('Irene Instructor');
    const { groupId } = await createTestDoc(app.server, [{ member: irene, role: 'instructor' }]);
    const invite = await app.server.api('POST', `/api/groups/${groupId}/invites`, { as: irene, body: { role: 'member' } });
    expect(invite.status).toBe(201);
    const visitor = await openContext(app);

    const landing = await openPage(visitor, '/');
    await pageDrawn(landing);
    await check(problems, landing, 'landing');
    await theme(landing, 'dark');
    await check(problems, landing, 'landing, dark');
    await theme(landing, 'light');
    for (const [path, state] of [
      ['/login', 'sign in'],
      ['/signup', 'sign up'],
      ['/forgot-password', 'forgotten password'],
      ['/reset-password/not-a-real-token', 'new password'],
      [`/invite/${invite.body.invite.code as string}`, 'invite, signed out'],
      ['/no/such/page', 'not found'],
    ] as const) {
      await landing.goto(path);
      await pageDrawn(landing);
      await check(problems, landing, state);
    }
    // A form with its errors shown: each error tied to its field.
    await landing.goto('/login');
    await landing.getByRole('button', { name: /^Sign in$/ }).click();
    await landing.locator('[aria-invalid="true"], [role="alert"]').first().waitFor();
    await check(problems, landing, 'sign in, with errors');

    const member = await app.server.createUser('Mia Member');
    const signedIn = await openPage(await openContext(app, member), `/invite/${invite.body.invite.code as string}`);
    await pageDrawn(signedIn);
    await check(problems, signedIn, 'invite, signed in');
    expectNone(problems);
  }, axeTimeout);

  it('a member’s pages: home, group, settings, account, contributions and history', async () => {
    const problems: string[] = [];
    const { ada, docId, groupId } = await memberDoc();
    const context = await openContext(app, ada);
    const page = await openPage(context, '/');
    await pageDrawn(page);
    await check(problems, page, 'home');
    await page.goto(`/groups/${groupId}`);
    await pageDrawn(page, 'Test group');
    await check(problems, page, 'group');
    await page.goto('/settings');
    await pageDrawn(page);
    await check(problems, page, 'settings');
    // The account page, and its deletion dialog open.
    await page.goto('/account');
    await page.getByRole('heading', { name: 'Your account', level: 1 }).waitFor();
    await check(problems, page, 'account');
    await page.getByRole('button', { name: 'Delete account…' }).click();
    await page.getByRole('dialog').waitFor();
    await check(problems, page, 'account deletion dialog');

    // Contributions and history: a version chosen, then compared with now.
    await page.goto(`/docs/${docId}/contributions`);
    await page.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    await check(problems, page, 'document contributions');
    await page.goto(`/groups/${groupId}/contributions`);
    await page.getByRole('heading', { name: 'Who wrote what' }).waitFor();
    await check(problems, page, 'group contributions');
    await page.goto(`/docs/${docId}/history`);
    await page.getByRole('document', { name: /read-only/ }).filter({ hasText: 'algebraic' }).waitFor();
    await check(problems, page, 'history');
    await page.getByRole('button', { name: 'Go to First draft' }).click();
    await page.locator('.timeline-now').filter({ hasText: 'First draft' }).waitFor();
    await check(problems, page, 'history, a version chosen');
    await page.locator('.version').filter({ hasText: 'First draft' }).getByRole('button', { name: 'Compare with now' }).click();
    await page.locator('#compare-section').waitFor();
    await check(problems, page, 'history, compared');
    await theme(page, 'dark');
    await check(problems, page, 'history, dark');
    await theme(page, 'light');

    expectNone(problems);
  }, axeTimeout);

  it('the document: its feedback, a reply, a new comment, authorship, Share, a table, suggesting, dark, a phone and a reviewer', async () => {
    const problems: string[] = [];
    const { ada, rey, docId } = await memberDoc();
    const context = await openContext(app, ada);
    const page = await openPage(context, `/docs/${docId}`);

    // The editor with the feedback panel: a comment and a suggestion, one of them expanded to reply.
    await saved(page);
    await waitForText(page, 'algebraic');
    const comment = page.locator('.threads-panel article').filter({ hasText: 'Which patterns' });
    await comment.waitFor();
    await page.locator('.threads-panel article').filter({ hasText: 'A stronger word.' }).waitFor();
    await check(problems, page, 'document with feedback');
    await comment.getByRole('button', { name: 'Reply' }).click();
    await comment.getByRole('textbox').first().waitFor();
    await check(problems, page, 'document, a thread open to reply');
    await comment.getByRole('button', { name: 'Cancel' }).click();

    // A new comment's form on selected text (from the keyboard: Ctrl+Alt+M). The click
    // goes to the line's start: its middle is the comment's highlight, which opens the thread.
    await page.locator('.ProseMirror p').first().click({ position: { x: 2, y: 5 } });
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Control+Alt+KeyM');
    await page.getByRole('textbox', { name: 'Comment' }).waitFor();
    await check(problems, page, 'document, new comment form');
    await page.keyboard.press('Escape');

    // The authorship view, and the Share dialog.
    await page.getByRole('button', { name: 'Show authorship' }).click();
    await page.locator('.ProseMirror .authored').first().waitFor();
    await check(problems, page, 'document, authorship shown');
    await page.getByRole('button', { name: 'Hide authorship' }).click();
    await page.getByRole('button', { name: /^Share/ }).click();
    await page.getByRole('dialog').waitFor();
    await check(problems, page, 'document, share dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    // A table, with its menu; then Suggesting mode with a suggestion typed inline.
    await page.locator('.ProseMirror p').last().click();
    await page.keyboard.press('End');
    await page.getByRole('button', { name: 'Insert table' }).click();
    await page.locator('.ProseMirror table').waitFor();
    await check(problems, page, 'document, a table inserted');
    await page.keyboard.press('Control+z');
    await page.locator('.ProseMirror table').waitFor({ state: 'detached' });
    await page.getByRole('radio', { name: 'Suggesting' }).check();
    await page.locator('.ProseMirror p').last().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Quietly.');
    await page.locator('.ProseMirror .suggestion-insertion').filter({ hasText: 'Quietly' }).first().waitFor();
    await check(problems, page, 'document, suggesting mode');
    await page.getByRole('radio', { name: 'Editing' }).check();

    await theme(page, 'dark');
    await check(problems, page, 'document, dark');
    await theme(page, 'light');

    await context.close();

    // On a phone: the document, and its feedback in the drawer.
    const phoneContext = await openContext(app, ada, phone);
    const small = await openPage(phoneContext, `/docs/${docId}`);
    await saved(small);
    await waitForText(small, 'algebraic');
    await check(problems, small, 'document on a phone');
    await small.locator('.ProseMirror .thread-highlight').first().click();
    await small.locator('.threads-panel.is-drawer.is-open').waitFor();
    await check(problems, small, 'document on a phone, feedback drawer open');
    await phoneContext.close();

    // The reviewer's read-only editor.
    const reviewer = await openPage(await openContext(app, rey), `/docs/${docId}`);
    await saved(reviewer);
    await reviewer.locator('.threads-panel article').filter({ hasText: 'Which patterns' }).waitFor();
    await check(problems, reviewer, 'document, as a reviewer');
    expectNone(problems);
  }, axeTimeout);

  it('a course: its teams and dialogs, the class view, a learner’s assignment, a peer review and the LMS picker', async () => {
    const problems: string[] = [];
    const [irene, ana, ben] = await app.server.createUsers('Irene Instructor', 'Ana Learner', 'Ben Learner');
    const essay = await reviewedAssignment(app.server, irene, [[ana], [ben]], { k: 1 });
    await essay.submit(ana, 'Trains are the future of travel.');
    await essay.submit(ben, 'Bikes are the future of travel.');
    expect((await app.server.api('POST', `/api/assignments/${essay.assignmentId}/peer-review/open`, { as: irene })).status).toBe(200);

    const instructor = await openPage(await openContext(app, irene), `/groups/${essay.courseId}`);
    await instructor.getByRole('list', { name: 'Teams' }).waitFor();
    await check(problems, instructor, 'course');
    await instructor.getByRole('button', { name: 'Form teams automatically' }).click();
    await instructor.getByRole('dialog', { name: 'Form teams automatically' }).waitFor();
    await check(problems, instructor, 'course, a dialog open');
    await instructor.keyboard.press('Escape');

    await instructor.goto(`/assignments/${essay.assignmentId}`);
    await instructor.getByRole('region', { name: 'Peer review' }).waitFor();
    await instructor.getByRole('table', { name: 'Reviews, with names' }).waitFor();
    await check(problems, instructor, 'assignment, class view');
    await theme(instructor, 'dark');
    await check(problems, instructor, 'assignment, class view, dark');
    await theme(instructor, 'light');

    await instructor.goto(`/lti/deep-link/placement-request?course=${essay.courseId}`);
    await pageDrawn(instructor, 'Place an assignment in your course');
    await check(problems, instructor, 'LMS placement picker');

    const learner = await openPage(await openContext(app, ana), `/assignments/${essay.assignmentId}`);
    await learner.getByRole('region', { name: 'Reviews to write' }).waitFor();
    await check(problems, learner, 'assignment, as a learner');

    const mine = await app.server.api<MyPeerReviewsResponse>('GET', `/api/assignments/${essay.assignmentId}/peer-review/my-reviews`, { as: ana });
    const reviewId = mine.body.reviews!.writing[0]!.id;
    await learner.goto(`/reviews/${reviewId}`);
    await waitForText(learner, 'future of travel');
    await learner.getByRole('form', { name: /^Your review of/ }).waitFor();
    await check(problems, learner, 'peer review');
    expectNone(problems);
  }, axeTimeout);
});
