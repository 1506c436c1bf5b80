// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderRoutes } from '../app/render-routes';
import { JoinInvite } from './join-invite';
import { json, serveRoutes } from '../api/fake-server';


function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

function renderJoin() {
  renderRoutes([
    { path: '/', element: <JoinInvite /> },
    { path: '*', element: <Where /> },
  ]);
}

const code = 'abcdefghijklmnopqrstuvwx';
const group = { id: 'gggggggggggggggg', name: 'Team Otter', createdAt: 1, role: 'member', can: { createProjects: true, manageMembers: false, manageTags: false, viewContributions: true } };

function paste(text: string) {
  fireEvent.change(screen.getByLabelText('Invite link or code'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Join' }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('JoinInvite', () => {
  it('says what is wrong with a paste that is not an invite, and asks nothing of the server', async () => {
    const fetch = serveRoutes({});
    renderJoin();
    paste('see you tomorrow');
    expect((await screen.findByText(/That is not an invite link/)).textContent).toContain('/invite/');
    expect(screen.getByLabelText('Invite link or code').getAttribute('aria-invalid')).toBe('true');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('explains an unknown code and a spent invite in words', async () => {
    let answer = json(404, { error: { code: 'not_found', message: 'This invite was not found.' } });
    serveRoutes({ [`POST /api/invites/${code}/accept`]: () => answer });
    renderJoin();
    paste(`https://write.example.edu/invite/${code}`);
    expect(await screen.findByText('No invite has this code. Check that you pasted the whole link.')).toBeTruthy();
    answer = json(410, { error: { code: 'invite_expired', message: 'Expired.' } });
    paste(code);
    expect(await screen.findByText(/This invite has expired, was used up or was revoked/)).toBeTruthy();
  });

  it('joins and opens the group’s first document', async () => {
    serveRoutes({
      [`POST /api/invites/${code}/accept`]: () => json(200, { group }),
      [`GET /api/groups/${group.id}/projects`]: () =>
        json(200, { projects: [{ id: 'pppppppppppppppp', groupId: group.id, name: 'Lab report', createdAt: 1, can: { createDocs: true } }], nextCursor: null }),
      'GET /api/projects/pppppppppppppppp/docs': () =>
        json(200, { docs: [{ id: 'dddddddddddddddd', projectId: 'pppppppppppppppp', title: 'Draft', createdAt: 1, updatedAt: 1 }], nextCursor: null }),
    });
    renderJoin();
    paste(`  http://localhost:3000/invite/${code} `);
    expect((await screen.findByTestId('where')).textContent).toBe('/docs/dddddddddddddddd');
  });
});
