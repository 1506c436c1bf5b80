/**
 * The dialogs of figures, built on the native <dialog> (modal: the page
 * behind is inert, Escape cancels, focus returns to what was focused): one
 * asks for an image's description (alt text) and caption, when it is added
 * and whenever they are edited; one tells that an image was not added.
 */
export interface FigureDetails {
  alt: string;
  caption: string;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

let counter = 0;

function show(dialog: HTMLDialogElement): void {
  document.body.append(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
}

/** Asks for the description and caption; null when cancelled. `preview` is an address to show the picture from. */
export function askFigureDetails(options: { title: string; action: string; initial?: FigureDetails; preview?: string | null; name?: string }): Promise<FigureDetails | null> {
  counter += 1;
  const ids = { title: `figure-dialog-title-${counter}`, alt: `figure-alt-${counter}`, altHelp: `figure-alt-help-${counter}`, caption: `figure-caption-${counter}` };
  const alt = element('textarea', { id: ids.alt, required: true, rows: 3, maxLength: 1000, value: options.initial?.alt ?? '' });
  alt.setAttribute('aria-describedby', ids.altHelp);
  const caption = element('input', { id: ids.caption, type: 'text', maxLength: 500, value: options.initial?.caption ?? '' });
  const cancel = element('button', { type: 'button', className: 'button secondary', textContent: 'Cancel' });
  const submit = element('button', { type: 'submit', className: 'button primary', textContent: options.action });
  const form = element(
    'form',
    { method: 'dialog', className: 'figure-dialog-form' },
    element('h2', { id: ids.title, textContent: options.title }),
    ...(options.preview ? [element('img', { className: 'figure-dialog-preview', src: options.preview, alt: '' })] : []),
    ...(options.name ? [element('p', { className: 'figure-dialog-name', textContent: options.name })] : []),
    element('label', { htmlFor: ids.alt, textContent: 'Description (alt text)' }),
    element('p', { id: ids.altHelp, className: 'field-help', textContent: 'What the image shows, for readers who cannot see it.' }),
    alt,
    element('label', { htmlFor: ids.caption, textContent: 'Caption (optional, shown under the image)' }),
    caption,
    element('div', { className: 'dialog-actions' }, cancel, submit),
  );
  const dialog = element('dialog', { className: 'figure-dialog' }, form);
  dialog.setAttribute('aria-labelledby', ids.title);
  return new Promise((resolve) => {
    let answer: FigureDetails | null = null;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!alt.value.trim()) {
        alt.focus();
        return;
      }
      answer = { alt: alt.value.trim(), caption: caption.value.trim() };
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    show(dialog);
    alt.focus();
  });
}

/** Tells that an image was not added, and why; resolves once read. */
export function tellImageRefused(message: string): Promise<void> {
  counter += 1;
  const titleId = `figure-refused-${counter}`;
  const ok = element('button', { type: 'submit', className: 'button primary', textContent: 'OK' });
  const form = element('form', { method: 'dialog' }, element('h2', { id: titleId, textContent: 'Image not added' }), element('p', { textContent: message }), element('div', { className: 'dialog-actions' }, ok));
  const dialog = element('dialog', { className: 'figure-dialog' }, form);
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-labelledby', titleId);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve();
    });
    show(dialog);
    ok.focus();
  });
}
