// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { InviteLinks } from './invite-links';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const groupId = 'groupaaaaaaaaaaa';

describe('InviteLinks', () => {
  it('offers each role by its name and says under the picker what the chosen one may do', async () => {
    serveRoutes({ [`GET /api/groups/${groupId}/invites`]: () => json(200, { invites: [], nextCursor: null }) });
    renderRoutes([{ path: '/', element: <InviteLinks groupId={groupId} /> }]);
    await screen.findByText('No active links: create one above.');
    const picker = screen.getByLabelText('Role for new link');
    expect([...picker.querySelectorAll('option')].map((option) => option.textContent)).toEqual(['Instructor', 'Member', 'Reviewer']);
    const hint = () => document.getElementById(picker.getAttribute('aria-describedby') ?? '')?.textContent;
    expect(hint()).toBe('Members write and give feedback.');
    fireEvent.change(picker, { target: { value: 'reviewer' } });
    expect(hint()).toBe('Reviewers read and give feedback; they cannot edit.');
  });
});
