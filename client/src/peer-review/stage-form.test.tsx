// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Rubric } from '../../../shared/schemas/rubrics';
import { json, serveRoutes } from '../api/fake-server';
import { createQueryClient } from '../app/query-client';
import { assignmentId, courseId, rubric } from './peer-review-test-data';
import { StageForm } from './stage-form';

beforeAll(() => {
  // jsdom's File has no text(); a browser's has. Read it as a browser would, through FileReader.
  File.prototype.text ??= function text(this: File) {
    return new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
      reader.readAsText(this);
    });
  };
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const rubricsPath = `GET /api/groups/${courseId}/rubrics`;

function renderForm() {
  render(
    <QueryClientProvider client={createQueryClient()}>
      <StageForm assignmentId={assignmentId} courseId={courseId} allocation={null} />
    </QueryClientProvider>,
  );
}

describe('the peer review settings', () => {
  it('makes a rubric in the editor, each problem beside its field, then allocates with it, K and the anonymity', async () => {
    const rubrics: Rubric[] = [];
    const sent: Record<string, unknown> = {};
    serveRoutes({
      [rubricsPath]: () => json(200, { rubrics }),
      [`POST /api/groups/${courseId}/rubrics`]: (init) => {
        sent.rubric = JSON.parse(String(init?.body));
        const made = { ...rubric, id: 'newrubricxxxxxxx', title: 'Lab report' };
        rubrics.push(made);
        return json(201, { rubric: made });
      },
      [`POST /api/assignments/${assignmentId}/peer-review/allocation`]: (init) => {
        sent.allocation = JSON.parse(String(init?.body));
        return json(201, { allocation: null });
      },
    });
    renderForm();
    await screen.findByText(/no rubric yet/);
    fireEvent.click(screen.getByRole('button', { name: 'New rubric' }));
    const editor = screen.getByRole('form', { name: 'New rubric' });
    fireEvent.click(within(editor).getByRole('button', { name: 'Create the rubric' }));
    expect(within(editor).getByLabelText('Rubric title').getAttribute('aria-invalid')).toBe('true');
    expect(within(editor).getAllByText('Required')).toHaveLength(2);

    fireEvent.change(within(editor).getByLabelText('Rubric title'), { target: { value: 'Lab report' } });
    fireEvent.change(within(editor).getByLabelText('Criterion 1 title'), { target: { value: 'Method' } });
    fireEvent.change(within(editor).getByLabelText('Criterion 1, level 3 description'), { target: { value: 'Another team could repeat it.' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Remove level 2 of criterion 1' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Create the rubric' }));
    await screen.findByRole('combobox', { name: 'Rubric' });
    expect(sent.rubric).toEqual({
      title: 'Lab report',
      criteria: [
        {
          title: 'Method',
          description: '',
          levels: [
            { label: 'Beginning', description: '', points: 0 },
            { label: 'Accomplished', description: 'Another team could repeat it.', points: 2 },
          ],
        },
      ],
    });
    expect((screen.getByRole('combobox', { name: 'Rubric' }) as HTMLSelectElement).value).toBe('newrubricxxxxxxx');

    fireEvent.change(screen.getByLabelText('Reviews per team (K)'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('radio', { name: /Hidden both ways/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Make the allocation' }));
    await vi.waitFor(() => expect(sent.allocation).toEqual({ rubricId: 'newrubricxxxxxxx', k: 1, anonymity: 'both', dueAt: null, opensAt: null }));
  });

  it('imports a rubric file as read, and says so when the file is not JSON', async () => {
    const imported: unknown[] = [];
    serveRoutes({
      [rubricsPath]: () => json(200, { rubrics: imported.length ? [rubric] : [] }),
      [`POST /api/groups/${courseId}/rubrics/import`]: (init) => {
        imported.push(JSON.parse(String(init?.body)));
        return json(201, { rubric });
      },
    });
    renderForm();
    const input = await screen.findByLabelText('Rubric file (JSON)');
    fireEvent.change(input, { target: { files: [new File(['not json'], 'essay.json', { type: 'application/json' })] } });
    expect((await screen.findByRole('alert')).textContent).toBe('essay.json is not a JSON file.');
    expect(imported).toEqual([]);
    cleanup();

    // A browser's file input takes the next file once the last was read; here a fresh form does.
    renderForm();
    const again = await screen.findByLabelText('Rubric file (JSON)');

    const file = { format: 'commonplace-rubric', version: 1, rubric: { title: 'Argument essay', criteria: rubric.criteria } };
    fireEvent.change(again, { target: { files: [new File([JSON.stringify(file)], 'essay.json', { type: 'application/json' })] } });
    const select = await screen.findByRole('combobox', { name: 'Rubric' });
    await vi.waitFor(() => expect((select as HTMLSelectElement).value).toBe(rubric.id));
    expect(imported).toEqual([file]);
    expect(screen.getByRole('link', { name: 'Download as a file' }).getAttribute('href')).toBe(`/api/rubrics/${rubric.id}/export`);
  });
});
