// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackText } from './feedback-text';

afterEach(cleanup);

const me = { id: 'memememememememe', name: 'Me Myself' };
const other = { id: 'otherotherothero', name: 'Other Person' };

function renderBody(body: string, mentions = [me, other]) {
  const { container } = render(<FeedbackText body={body} mentions={mentions} viewerId={me.id} />);
  return container.querySelector('p.feedback-text')!;
}

describe('FeedbackText', () => {
  it('renders markup in a body as the characters typed, never as elements', () => {
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '<script>window.__xss=1</script>',
      '<a href="javascript:alert(1)">click</a>',
      '&lt;b&gt; &amp; <b>bold</b>',
    ];
    for (const payload of payloads) {
      const paragraph = renderBody(`Look: ${payload}`);
      expect(paragraph.textContent).toBe(`Look: ${payload}`);
      // Only our own spans: nothing from the body became an element.
      expect([...paragraph.querySelectorAll('*')].map((element) => element.tagName)).toEqual(['SPAN']);
      cleanup();
    }
  });

  it('shows mentions as chips with the current name, the reader’s own standing out', () => {
    const paragraph = renderBody(`Hi @[Old Name](${other.id}) and @[Me](${me.id})!`);
    const chips = [...paragraph.querySelectorAll('.mention')];
    expect(chips.map((chip) => chip.textContent)).toEqual(['@Other Person', '@Me Myself (you)']);
    expect(chips.map((chip) => chip.classList.contains('mention-you'))).toEqual([false, true]);
    expect(paragraph.textContent).toBe('Hi @Other Person and @Me Myself (you)!');
  });

  it('keeps the name written in the token, as text, for someone the server did not name', () => {
    const paragraph = renderBody('cc @[<b>Ghost</b>](ghostghostghostg)', []);
    expect(paragraph.querySelector('.mention')?.textContent).toBe('@<b>Ghost</b>');
    expect(paragraph.querySelector('b')).toBeNull();
  });

  it('links web addresses only, opening apart without referrer', () => {
    const paragraph = renderBody('See https://example.org/a?b=1. Not javascript:alert(1) nor data:text/html,<b>x</b>');
    const links = [...paragraph.querySelectorAll('a')];
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://example.org/a?b=1');
    expect(links[0]!.textContent).toBe('https://example.org/a?b=1');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });
});
