import { escapeHtml } from '../../../shared/escape-html';

/**
 * The pages of deep linking that the server writes itself: the one that
 * carries the answer on to the LMS, and refusals. Everything they embed is
 * escaped, and they hold no inline script: the content security policy
 * runs scripts from the app's own files only.
 */

/** The script that submits the answer's form; served from the app's origin, as the policy wants. */
export const returnScriptPath = '/lti/deep-link-return.js';
export const returnFormId = 'deep-link-return';
export const returnScript = `document.getElementById(${JSON.stringify(returnFormId)}).submit();\n`;

const page = (title: string, body: string, head = '') => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}</head>
<body>
${body}
</body>
</html>
`;

/**
 * Posts `JWT` to the platform's return URL as soon as the page loads; the
 * button is there for a browser that runs no script.
 */
export function returnFormPage(returnUrl: string, jwt: string, assignmentTitle: string): string {
  return page(
    'Placing the assignment in your course',
    `<form id="${returnFormId}" method="post" action="${escapeHtml(returnUrl)}">
<input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<p>Placing “${escapeHtml(assignmentTitle)}” in your course…</p>
<button type="submit">Continue</button>
</form>`,
    `<script src="${returnScriptPath}" defer></script>\n`,
  );
}

/** A refusal: what happened and what to do, in a page of its own (the LMS shows it in its frame). */
export function refusalPage(title: string, message: string): string {
  return page(title, `<main>\n<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>\n</main>`);
}

/**
 * The policy of the answer's page: scripts from the app's origin only, and
 * forms may post to the platform's return URL, which the app's own policy
 * (`form-action 'self'`) forbids every other page. Framing is the app's
 * rule: nobody, but the LMS that launched this browser (lms-framing.ts
 * widens it as for the picker page before it).
 */
export function returnPagePolicy(returnUrl: string): string {
  const returnOrigin = new URL(returnUrl).origin;
  return [
    "default-src 'none'",
    "script-src 'self'",
    `form-action ${returnOrigin}`,
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
