import { describe, expect, it } from 'vitest';
import { createTestAssignment } from '../server/features/assignments/test-copies';
import { editorOf, editorText, openContext, openPage, screenshot, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

/** Long enough to go offline and type before it comes, however busy the machine. */
const dueInMs = 15_000;

describe('a team’s copy at its due time', () => {
  it('turns read-only for a member with the notice, keeps what they typed offline visible, unsaved and offered to copy', async () => {
    const course = await createTestAssignment(app.server, { teams: 1, dueAt: Date.now() + 60 * 60 * 1000, lockAtDue: true });
    const { docId, member } = course.copies[0]!;
    const context = await openContext(app, member);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await openPage(context, `/docs/${docId}`);
    await waitForSyncStatus(page, 'saved');
    const lockAhead = page.getByText(/^This copy locks at the due time/);
    const firstDueTime = await lockAhead.textContent();
    await typeAtEnd(page, 'Written in time.');
    await waitForSyncStatus(page, 'saved');

    // The instructor moves the team's due time to a few seconds ahead: the open page hears of it at once and
    // shows the new time. (Not any answer for the document will do: one asked for before the move, by the
    // service worker taking over a first visit, say, carries the old time.)
    const dueAt = Date.now() + dueInMs;
    const extended = await app.server.api('POST', `/api/assignments/${course.assignmentId}/teams/${course.copies[0]!.teamId}/extension`, {
      as: course.instructor,
      body: { dueAt: new Date(dueAt).toISOString() },
    });
    expect(extended.status).toBe(200);
    await expect.poll(() => lockAhead.textContent(), { timeout: 10_000 }).not.toBe(firstDueTime);

    // Typed offline before the due time, it reaches the server only after it: dropped.
    await context.setOffline(true);
    await waitForSyncStatus(page, 'offline');
    await typeAtEnd(page, ' Typed offline, sent late.');
    expect(Date.now(), 'the offline text must be typed before the due time').toBeLessThan(dueAt);

    const notice = page.locator('[data-locked-notice]');
    await notice.getByText('Locked at the due time').waitFor({ timeout: dueInMs + 15_000 });
    expect(await editorOf(page).getAttribute('contenteditable')).toBe('false');
    await context.setOffline(false);

    // Back online, the server's state shows the late text was not stored: never "saved", offered to copy.
    await waitForSyncStatus(page, 'unsent');
    await notice.getByRole('button', { name: 'Copy your unsent text' }).click();
    await notice.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Typed offline, sent late.');
    expect(await editorText(page)).toContain('Written in time. Typed offline, sent late.');
    await screenshot(page, 'document-locked-at-due-time');

    // What the server holds: the text written in time, not the late one; the instructor still writes.
    const teacher = await openPage(await openContext(app, course.instructor), `/docs/${docId}`);
    await waitForText(teacher, 'Written in time.');
    await teacher.getByText('You still can.').waitFor();
    expect(await editorText(teacher)).not.toContain('Typed offline');
    await typeAtEnd(teacher, ' Graded.');
    await waitForSyncStatus(teacher, 'saved');
    await waitForText(page, 'Graded.');
  });
});
