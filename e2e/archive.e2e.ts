import { describe, expect, it } from 'vitest';
import { createTestDoc } from '../server/testing/test-server';
import { openContext, openPage, screenshot, useApp } from './harness';

const app = useApp();

describe('archiving a document', () => {
  it('an instructor archives a document, a member no longer sees it, the instructor restores it, and the audit log lists both', async () => {
    const instructor = await app.server.createUser('Emmy Noether');
    const learner = await app.server.createUser('Olga Taussky');
    const { groupId } = await createTestDoc(app.server, [
      { member: instructor, role: 'instructor' },
      { member: learner, role: 'member' },
    ]);

    // The instructor archives it from the home page, in the document's menu of secondary actions.
    const teacher = await openPage(await openContext(app, instructor), '/');
    await teacher.getByRole('link', { name: /Test document/ }).waitFor();
    await teacher.getByRole('button', { name: 'More actions for Test document' }).click();
    await screenshot(teacher, 'home-document-actions');
    await teacher.getByRole('menuitem', { name: 'Archive' }).click();
    await teacher.getByRole('link', { name: /Test document/ }).waitFor({ state: 'detached' });

    // The member's home no longer lists it.
    const member = await openPage(await openContext(app, learner), '/');
    await member.getByRole('heading', { name: 'Test project' }).waitFor();
    expect(await member.getByRole('link', { name: /Test document/ }).count()).toBe(0);

    // The group page's Archived list has it, with its days left; the instructor restores it.
    await teacher.goto(new URL(`/groups/${groupId}`, app.server.url).toString());
    const archived = teacher.getByRole('region', { name: 'Archived' });
    await archived.getByText('Test document').waitFor();
    await archived.getByText(/30 days left before deletion/).waitFor();
    await archived.getByRole('button', { name: 'Restore Test document' }).click();
    await archived.getByText('Nothing is archived.', { exact: false }).waitFor();

    await member.reload();
    await member.getByRole('link', { name: /Test document/ }).waitFor();

    // The audit log lists both, newest first.
    await archived.getByRole('link', { name: 'Audit log' }).click();
    await teacher.getByRole('heading', { name: 'Audit log' }).waitFor();
    const entries = teacher.getByRole('region', { name: 'Entries, newest first' }).getByRole('listitem');
    await entries.first().waitFor();
    expect(await entries.allInnerTexts()).toEqual([
      expect.stringContaining('Emmy Noether restored document “Test document”'),
      expect.stringContaining('Emmy Noether archived document “Test document”'),
    ]);
  });
});
