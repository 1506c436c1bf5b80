/**
 * For component tests in jsdom, which has the <dialog> element but not its
 * modal behaviour: `showModal` and `close` only open and close it, which is
 * all those tests need. Call once per test file (in beforeAll).
 */
export function stubModalDialogs(): void {
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
}
