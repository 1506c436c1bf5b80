// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serveRoutes } from '../api/fake-server';
import { renderRoutes } from '../app/render-routes';
import { TitleField } from './title-field';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('TitleField', () => {
  it('refuses an empty title, announces why and ties the reason to the title field so that it is read with it', () => {
    const fetch = serveRoutes({});
    renderRoutes([{ path: '/', element: <TitleField docId="d1" projectId="p1" title="Lab report" editable /> }]);
    const input = screen.getByRole('textbox', { name: 'Document title' });
    fireEvent.change(input, { target: { value: '   ' } });
    fireEvent.blur(input);
    const reason = screen.getByRole('alert');
    expect(reason.textContent).not.toBe('');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(reason.id);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('names no reason while the title is fine', () => {
    serveRoutes({});
    renderRoutes([{ path: '/', element: <TitleField docId="d1" projectId="p1" title="Lab report" editable /> }]);
    const input = screen.getByRole('textbox', { name: 'Document title' });
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
