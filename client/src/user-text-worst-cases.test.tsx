// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { assignmentLimits } from '../../shared/schemas/courses';
import { InstructionsText } from './assignments/instructions-text';
import { inviteCodeIn } from './home/invite-code';

/**
 * The browser's own scans of text someone else wrote or pasted, fed the
 * input worst for each at the largest size the app takes, held to a
 * generous bound only a linear scan meets (the old patterns took seconds, and
 * froze every learner's page showing the instructions).
 */

const bound = 400;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

describe('user text in the browser at its worst', () => {
  afterEach(cleanup);

  it('draws instructions of the longest size made of unclosed link brackets in linear time', () => {
    const size = assignmentLimits.instructionsChars;
    // React's first render is slow on its own: not what is measured.
    render(<InstructionsText markdown="**warm**" />);
    cleanup();
    // Each "[" once scanned to the end of the paragraph for its "]", and each "[a](" for its ")".
    for (const markdown of ['['.repeat(size), '[a]('.repeat(size / 4), `[${'a'.repeat(size - 2)}]`]) {
      let container: HTMLElement | undefined;
      expect(timed(() => (container = render(<InstructionsText markdown={markdown} />).container)), markdown.slice(0, 8)).toBeLessThan(bound);
      expect(container!.textContent).toBe(markdown);
      cleanup();
    }
    // Links and emphasis still read as before.
    const { container } = render(<InstructionsText markdown="[[the guide](https://example.test/a) **now**" />);
    expect(container.querySelector('a')?.textContent).toBe('the guide');
    expect(container.textContent).toBe('[the guide now');
  });

  it('looks for an invite code only in text as short as a link', () => {
    // A query part that never ends the line was read again from every "/invite/".
    const pasted = `${'/invite/x?'.repeat(20_000)}\n!`;
    let code: string | null = 'unset';
    expect(timed(() => (code = inviteCodeIn(pasted)))).toBeLessThan(bound);
    expect(code).toBeNull();
  });
});
