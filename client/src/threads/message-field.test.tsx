// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mentionable } from './mention-input';
import { MessageField } from './message-field';

afterEach(cleanup);

const ben: Mentionable = { id: 'benbenbenbenbenb', name: 'Ben Member', role: 'member', readsPrivateFeedback: false };
const chloe: Mentionable = { id: 'chloechloechloec', name: 'Chloe Member', role: 'member', readsPrivateFeedback: false };
const chloe2: Mentionable = { id: 'chloetwochloetwo', name: 'Chloe Second', role: 'member', readsPrivateFeedback: false };

/** The field with its body kept as the form keeps it; `sent` reads the body the form would send. */
function renderField(initial = '') {
  let sent = initial;
  function Form() {
    const [value, setValue] = useState(initial);
    return (
      <MessageField
        label="Comment"
        value={value}
        onChange={(next) => {
          sent = next;
          setValue(next);
        }}
        mentionable={[ben, chloe, chloe2]}
        onSubmit={() => {}}
      />
    );
  }
  render(<Form />);
  const field = screen.getByRole('textbox', { name: 'Comment' }) as HTMLTextAreaElement;
  const type = (text: string) => {
    const value = field.value + text;
    fireEvent.change(field, { target: { value, selectionStart: value.length, selectionEnd: value.length } });
  };
  return { field, type, sent: () => sent, chips: () => [...document.querySelectorAll('.mention-chip')].map((chip) => chip.textContent) };
}

describe('MessageField', () => {
  it('inserts a mention picked from the list as the readable name, and sends its token', () => {
    const { field, type, sent, chips } = renderField();
    type('Hi @Chl');
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual(['Chloe Member · member', 'Chloe Second · member']);
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(field.value).toBe('Hi @Chloe Member ');
    expect(field.value).not.toContain('@[');
    expect(chips()).toEqual(['@Chloe Member']);
    expect(sent()).toBe(`Hi @[Chloe Member](${chloe.id}) `);
    // The chosen name does not open the list again.
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('shows an existing body’s tokens as names, and Backspace after one removes it whole', () => {
    const { field, sent, chips } = renderField(`cc @[Ben Member](${ben.id})`);
    expect(field.value).toBe('cc @Ben Member');
    expect(chips()).toEqual(['@Ben Member']);
    field.setSelectionRange(field.value.length, field.value.length);
    fireEvent.keyDown(field, { key: 'Backspace' });
    expect(sent()).toBe('cc ');
  });

  it('marks a typed name that mentions someone, and says when a name could be several people', () => {
    const { type, sent, chips } = renderField();
    type('@ben member and @Chloe ');
    expect(chips()).toEqual(['@ben member', '@Chloe']);
    expect(document.querySelector('.mention-chip.is-unclear')?.textContent).toBe('@Chloe');
    expect(document.querySelector('.mention-summary')?.textContent).toContain('Will notify Ben Member.');
    expect(document.querySelector('.mention-summary')?.textContent).toContain('“@Chloe” could be 2 people: choose one from the list.');
    // Typed names go as typed: the server links them by the same rule.
    expect(sent()).toBe('@ben member and @Chloe ');
  });
});
