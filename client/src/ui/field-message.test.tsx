// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FieldMessage, fieldMessageProps } from './field-message';

afterEach(cleanup);

/** A control described by its message, as the forms tie them. */
function Field({ error, hint }: { error?: string; hint?: string }) {
  return (
    <div>
      <input aria-label="Title" {...fieldMessageProps('title', error, hint)} />
      <FieldMessage id="title" error={error} hint={hint} />
    </div>
  );
}

describe('FieldMessage', () => {
  it('shows the error instead of the hint, and the control names the error and is invalid', () => {
    const { container, getByLabelText } = render(<Field error="Give it a title." hint="What readers see first." />);
    expect(container.querySelectorAll('p')).toHaveLength(1);
    const error = container.querySelector('p.field-error');
    expect(error?.id).toBe('title-error');
    expect(error?.textContent).toBe('Give it a title.');
    expect(container.querySelector('.hint')).toBeNull();
    expect(getByLabelText('Title').getAttribute('aria-describedby')).toBe('title-error');
    expect(getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the hint when there is no error, and the control names the hint', () => {
    const { container, getByLabelText } = render(<Field hint="What readers see first." />);
    expect(container.querySelectorAll('p')).toHaveLength(1);
    const hint = container.querySelector('p.hint');
    expect(hint?.id).toBe('title-hint');
    expect(hint?.textContent).toBe('What readers see first.');
    expect(getByLabelText('Title').getAttribute('aria-describedby')).toBe('title-hint');
    expect(getByLabelText('Title').hasAttribute('aria-invalid')).toBe(false);
  });

  it('announces the error as it appears only when asked to (a field checked as it loses focus)', () => {
    const { container, rerender } = render(<FieldMessage id="title" error="Give it a title." />);
    expect(container.querySelector('[role="alert"]')).toBeNull();
    rerender(<FieldMessage id="title" error="Give it a title." alert />);
    expect(container.querySelector('[role="alert"]')?.id).toBe('title-error');
  });

  it('shows nothing without an error or a hint, and the control names nothing', () => {
    const { container, getByLabelText } = render(<Field />);
    expect(container.querySelector('p')).toBeNull();
    expect(getByLabelText('Title').hasAttribute('aria-describedby')).toBe(false);
  });
});
