// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { changeStops, wordChanges } from './change-stops';
import { anItem } from './feed-test-data';
import { findHeading, scrollToSection, scrollToSectionWhenShown } from './section-heading';

afterEach(() => {
  document.body.innerHTML = '';
});

function editor(html: string): HTMLElement {
  const root = document.createElement('div');
  root.className = 'ProseMirror';
  root.innerHTML = html;
  document.body.append(root);
  return root;
}

const edit = (sections: { heading: string | null; chars: number }[], words: [number, number] = [12, 0]) => ({
  charsAdded: 60,
  charsRemoved: 0,
  wordsAdded: words[0],
  wordsRemoved: words[1],
  sections,
  fromUpdateId: 1,
  toUpdateId: 2,
  startedAt: 1,
  endedAt: 2,
});

describe('finding a section by its heading', () => {
  it('finds the heading by its text, ignoring others’ carets and spacing', () => {
    const root = editor(
      '<p>Intro</p><h2>Methods <span class="collaboration-carets__caret"><span>Ben</span></span></h2><h3>  Results   and   discussion</h3>',
    );
    expect(findHeading(root, 'Methods')?.tagName).toBe('H2');
    expect(findHeading(root, 'Results and discussion')?.tagName).toBe('H3');
    expect(findHeading(root, 'Intro')).toBeNull();
  });

  it('scrolls to the section, or to the start for text before the first heading', () => {
    const root = editor('<h2>Methods</h2>');
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = vi.fn(function (this: Element) {
      scrolled.push(this);
    });
    expect(scrollToSection(root, 'Methods')).toBe(true);
    expect(scrollToSection(root, null)).toBe(true);
    expect(scrollToSection(root, 'Missing')).toBe(false);
    expect(scrolled.map((element) => element.tagName)).toEqual(['H2', 'DIV']);
  });

  it('waits for the heading to arrive with the document’s text', async () => {
    const root = editor('<p></p>');
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const stop = scrollToSectionWhenShown(root, 'Results');
    expect(scrolled).not.toHaveBeenCalled();
    root.insertAdjacentHTML('beforeend', '<h2>Results</h2>');
    await vi.waitFor(() => expect(scrolled).toHaveBeenCalledTimes(1));
    stop();
  });
});

describe('the steps through what changed', () => {
  it('steps through each session’s sections in order, each once', () => {
    const stops = changeStops([
      anItem(1, { type: 'edit-session', edit: edit([{ heading: 'Methods', chars: 40 }, { heading: null, chars: 5 }]) }),
      anItem(2, { type: 'edit-session', edit: edit([]) }),
      anItem(3, { type: 'edit-session', edit: edit([{ heading: 'Results', chars: 9 }, { heading: 'Results', chars: 1 }]) }),
    ]);
    expect(stops.map((stop) => [stop.change.id, stop.heading])).toEqual([
      [1, 'Methods'],
      [1, null],
      [2, null],
      [3, 'Results'],
    ]);
  });

  it('says the words added and removed, only what is not zero', () => {
    expect(wordChanges(anItem(1, { edit: edit([], [1240, 3]) }))).toEqual({ added: '+1,240 words', removed: '−3 words' });
    expect(wordChanges(anItem(1, { edit: edit([], [1, 0]) }))).toEqual({ added: '+1 word', removed: null });
  });
});
