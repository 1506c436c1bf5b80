// Asks for the opened page's own code (the editor, for a document) while the
// app's code is still arriving, rather than once it has run. The build
// writes into index.html which files each chunked page needs
// (scripts/route-chunks.ts); this matches the address against their routes
// and adds a preload link per file. The app later imports the same files
// and finds them fetched, and compiled. A plain file, not an inline script:
// the Content-Security-Policy runs scripts from the app's own origin only.
(() => {
  const data = document.getElementById('route-chunks');
  // The development server writes none.
  if (!data) return;
  let routes;
  try {
    routes = JSON.parse(data.textContent || '[]');
  } catch {
    return;
  }
  const segments = (path) => path.split('/').filter((segment) => segment !== '');
  const opened = segments(window.location.pathname);
  // "/docs/:docId" matches "/docs/abc": a ":" segment stands for any one segment.
  const matches = (route) => {
    const wanted = segments(route);
    return wanted.length === opened.length && wanted.every((segment, i) => segment.startsWith(':') || segment === opened[i]);
  };
  const route = Array.isArray(routes) ? routes.find((entry) => Array.isArray(entry) && matches(String(entry[0]))) : undefined;
  if (!route || !Array.isArray(route[1])) return;
  for (const file of route[1]) {
    const link = document.createElement('link');
    if (String(file).endsWith('.css')) {
      link.rel = 'preload';
      link.setAttribute('as', 'style');
    } else {
      link.rel = 'modulepreload';
    }
    // As the app's own module scripts and Vite's preloads ask for them, so that the browser reuses what this fetched.
    link.crossOrigin = '';
    link.href = String(file);
    document.head.appendChild(link);
  }
})();
