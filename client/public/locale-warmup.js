// Loads the reader's locale data for numbers and dates while the app's code
// is still compiling. The first number or date a page writes through Intl
// (a document's word count, the home page's dates, a report's figures) costs
// the main thread 25-30 ms on the machine the page timings are kept on, once
// per tab, whatever the format; here it is paid while the main thread waits
// for the browser to compile the app's module on another thread, instead of
// in the middle of the page's first render. A plain file, not an inline
// script: the Content-Security-Policy runs scripts from the app's own origin only.
(() => {
  try {
    (0).toLocaleString();
    new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(0);
  } catch {
    // A browser without Intl loses nothing here: the app formats as it can.
  }
})();
