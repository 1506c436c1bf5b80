import { escapeHtml } from '../../../shared/escape-html';

/**
 * The page a launch answers with, inside the LMS's frame. Its script (a
 * file: the content security policy runs no inline script) asks the API who
 * is signed in: when the launch's cookie came back, it goes on to the
 * course or assignment; when the browser kept it out of the frame, it shows
 * the one-time link that opens Commonplace, signed in, in a tab of its own.
 */
export const launchScriptPath = '/lti/launch-check.js';

export const launchScript = `(() => {
  const page = document.getElementById('lti-launch');
  const blocked = () => {
    document.getElementById('lti-opening').hidden = true;
    document.getElementById('lti-blocked').hidden = false;
  };
  fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' }).then(
    (answer) => (answer.ok ? location.replace(page.dataset.to) : blocked()),
    blocked,
  );
})();
`;

export function launchPage(to: string, newTabUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Opening Commonplace</title>
<script src="${launchScriptPath}" defer></script>
</head>
<body>
<main id="lti-launch" data-to="${escapeHtml(to)}">
<p id="lti-opening">Opening Commonplace…</p>
<div id="lti-blocked" hidden>
<p>Your browser keeps Commonplace from signing you in inside the LMS.</p>
<p><a href="${escapeHtml(newTabUrl)}" target="_blank" rel="noopener">Open Commonplace in a new tab</a></p>
</div>
</main>
</body>
</html>
`;
}
