// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { testEditors } from '../doc/test-editors';
import { authorshipOf, AuthorshipHighlights, setAuthorship, type AuthorshipSettings } from './authorship-highlights';

const editors = testEditors();

function setUp() {
  const { doc, editor } = editors.collaborative('<p>Written by Ana.</p>', (doc) => [AuthorshipHighlights.configure({ document: doc })]);
  let transactions = 0;
  editor.on('transaction', () => void transactions++);
  return { doc, editor, transactions: () => transactions };
}

const off: AuthorshipSettings = { enabled: false, owners: new Map(), self: null, colors: new Map() };

describe('authorship highlights', () => {
  it('tints what each author wrote once turned on, and nothing once off again', () => {
    const { doc, editor } = setUp();
    const names = new Map([['ana', 'Ana Writer']]);
    setAuthorship(editor, { enabled: true, owners: new Map([[doc.clientID, 'ana']]), self: 'ana', colors: new Map([['ana', '#c33']]), names });
    expect(authorshipOf(editor.state)?.shares).toEqual([{ author: 'ana', characters: 'Written by Ana.'.length }]);
    expect([...editor.view.dom.querySelectorAll('[title]')].map((run) => run.getAttribute('title'))).toEqual(['Ana Writer']);

    setAuthorship(editor, off);
    expect(authorshipOf(editor.state)?.settings.enabled).toBe(false);
    expect(authorshipOf(editor.state)?.shares).toEqual([]);
  });

  it('sends the editor no transaction to turn off a view that is already off (each costs the Yjs binding a pass over the document)', () => {
    const { editor, transactions } = setUp();
    setAuthorship(editor, off);
    expect(transactions()).toBe(0);
    setAuthorship(editor, { ...off, enabled: true });
    expect(transactions()).toBe(1);
    setAuthorship(editor, off);
    expect(transactions()).toBe(2);
  });
});
