// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import TagSettings from './tag-settings';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const question = { id: 'tagquestionaaaaa', name: 'Question', archived: false, createdAt: 1_764_000_000_000 };

describe('TagSettings', () => {
  it('refuses an empty name for a tag being renamed, and ties the reason to the name field', async () => {
    const fetch = serveRoutes({ 'GET /api/groups/groupaaaaaaaaaaa/tags': () => json(200, { tags: [question] }) });
    renderRoutes([{ path: '/', element: <TagSettings groupId="groupaaaaaaaaaaa" /> }]);
    fireEvent.click(await screen.findByRole('button', { name: 'Rename Question' }));
    const field = screen.getByLabelText('New name for Question');
    expect(field.hasAttribute('aria-describedby')).toBe(false);
    fireEvent.change(field, { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const reason = document.getElementById(field.getAttribute('aria-describedby') ?? '');
    expect(reason?.className).toBe('field-error');
    expect(reason?.textContent).not.toBe('');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
