import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { editorOf, openContext, openPage, typeAtEnd, useApp, waitForSyncStatus, waitForText } from './harness';

const app = useApp();

describe('access that changes while a document is open', () => {
  it('a reviewer made member can edit at once; a removed member is told and stops syncing', async () => {
    const instructor = await app.server.createUser('Emmy Noether');
    const learner = await app.server.createUser('Olga Taussky');
    const { groupId, docId } = await createTestDoc(app.server, [
      { member: instructor, role: 'instructor' },
      { member: learner, role: 'reviewer' },
    ]);
    const page = await openPage(await openContext(app, learner), `/docs/${docId}`);
    await waitForSyncStatus(page, 'saved');
    expect(await editorOf(page).getAttribute('contenteditable')).toBe('false');

    const promoted = await app.server.api('PATCH', `/api/groups/${groupId}/members/${learner.user.id}`, {
      as: instructor,
      body: { role: 'member' },
    });
    expect(promoted.status).toBe(200);
    await page.locator('.ProseMirror[contenteditable="true"]').waitFor();
    await page.getByRole('toolbar', { name: 'Formatting' }).waitFor();
    await waitForSyncStatus(page, 'saved');
    await typeAtEnd(page, 'Now I can write.');
    await waitForSyncStatus(page, 'saved');

    // The instructor's own client (a second page) receives the learner's words.
    const instructorPage = await openPage(await openContext(app, instructor), `/docs/${docId}`);
    await waitForText(instructorPage, 'Now I can write.');

    const removed = await app.server.api('DELETE', `/api/groups/${groupId}/members/${learner.user.id}`, { as: instructor });
    expect(removed.status).toBe(204);
    await page.getByRole('alert').filter({ hasText: 'You no longer have access to this document.' }).waitFor();
    await waitForSyncStatus(page, 'stopped');
  });

  it('when the session ends elsewhere, the page says so and offers to sign in again', async () => {
    const writer = await app.server.createUser('Sofia Kovalevskaya');
    const { docId } = await createTestDoc(app.server, [{ member: writer, role: 'member' }]);
    const page = await openPage(await openContext(app, writer), `/docs/${docId}`);
    await waitForSyncStatus(page, 'saved');

    const loggedOut = await app.server.api('POST', '/api/auth/logout', { as: writer });
    expect(loggedOut.status).toBe(204);
    // The document's banner offers to sign in again, and any request the
    // page makes meanwhile (answered 401) takes it to sign in by itself:
    // whichever comes first, the person lands on sign in, told why, with
    // the way back to the document.
    const atSignIn = (url: URL) => url.pathname === '/login' && url.searchParams.get('next') === `/docs/${docId}`;
    const signIn = page.getByRole('alert').filter({ hasText: 'Your session ended' }).getByRole('link', { name: 'Sign in again' });
    await Promise.race([signIn.click().catch(() => page.waitForURL(atSignIn)), page.waitForURL(atSignIn)]);
    await page.waitForURL(atSignIn);
    await page.getByRole('status').filter({ hasText: 'Your session ended. Sign in again to go back to where you were.' }).waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
});
