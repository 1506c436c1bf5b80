// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { InstructionsText } from './instructions-text';
import { submitAction } from './submit-panel';

describe('an assignment’s instructions', () => {
  afterEach(cleanup);

  it('draws headings, lists, emphasis and links from Markdown', () => {
    const { container } = render(
      <InstructionsText markdown={'# Lab\n\nWrite up the **osmosis** lab, *with care*.\n\n- Hypothesis\n- Method\n\n1. Draft\n2. Submit\n\nSee [the guide](https://example.test/guide).'} />,
    );
    expect(container.querySelector('h3')?.textContent).toBe('Lab');
    expect(container.querySelector('strong')?.textContent).toBe('osmosis');
    expect(container.querySelector('em')?.textContent).toBe('with care');
    expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['Hypothesis', 'Method']);
    expect([...container.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['Draft', 'Submit']);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.test/guide');
  });

  it('never runs what is typed: HTML stays text, script links stay text', () => {
    const { container } = render(<InstructionsText markdown={'<img src=x onerror=alert(1)> [click](javascript:alert(1))'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.textContent).toContain('[click](javascript:alert(1))');
  });
});

describe('the submit button', () => {
  it('submits, then resubmits before the due time; after it only late work when accepted; none once locked or before the copy exists', () => {
    expect(submitAction({ opened: true, locked: false, past: false, submitted: false })).toBe('submit');
    expect(submitAction({ opened: true, locked: false, past: false, submitted: true })).toBe('resubmit');
    expect(submitAction({ opened: true, locked: false, past: true, submitted: false })).toBe('submit-late');
    expect(submitAction({ opened: true, locked: false, past: true, submitted: true })).toBe('none');
    expect(submitAction({ opened: true, locked: true, past: true, submitted: false })).toBe('none');
    expect(submitAction({ opened: false, locked: false, past: false, submitted: false })).toBe('none');
  });
});
