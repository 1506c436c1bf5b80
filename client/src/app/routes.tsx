import type { ReactNode } from 'react';
import { createBrowserRouter, useRouteError } from 'react-router-dom';
import { LandingPage } from '../auth/landing-page';
import { ForgotPasswordPage } from '../auth/forgot-password-page';
import { LoginPage } from '../auth/login-page';
import { ResetPasswordPage } from '../auth/reset-password-page';
import { SessionGate } from '../auth/session-gate';
import { SignupPage } from '../auth/signup-page';
import { GroupPage } from '../groups/group-page';
import { InvitePage } from '../groups/invite-page';
import { HomePage } from '../home/home-page';
import { SettingsPage } from '../settings/settings-page';
import { AccountPage } from '../account/account-page';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { NotFoundPage } from './not-found-page';
import { chunkedPages } from './chunked-pages';
import { chunk, chunkComponent } from './chunk';
import { pageChunks } from './page-data';

/** The editor (Tiptap, Yjs, IndexedDB), history, contributions, assignments and reviews. */
const DocumentPage = chunkComponent(pageChunks.document, 'Loading the editor…');
const ContributionsPage = chunkComponent(pageChunks.contributions, 'Loading contributions…');
const GroupContributionsPage = chunkComponent(pageChunks.groupContributions, 'Loading contributions…');
const HistoryPage = chunkComponent(pageChunks.history, 'Loading the history…');
const AssignmentPage = chunkComponent(pageChunks.assignment, 'Loading the assignment…');
const ReviewPage = chunkComponent(pageChunks.review, 'Loading the review…');
/** Only instructors open a course's audit log. */
const AuditLogPage = chunkComponent(chunk(() => import('../archive/audit-log-page')), 'Loading the audit log…');
/** Only an instructor placing Commonplace in an LMS module opens it. */
const DeepLinkPickerPage = chunkComponent(
  chunk(async () => ({ default: (await import('../lti/deep-link-picker-page')).DeepLinkPickerPage })),
  'Loading the course’s assignments…',
);

function signedIn(page: ReactNode): ReactNode {
  return <SessionGate>{page}</SessionGate>;
}

/** A render error, or a chunk that failed to load, still gets a page with a way out. */
function RouteError() {
  const error = useRouteError();
  return (
    <AppShell>
      <ErrorPanel error={error} onRetry={() => window.location.reload()} />
    </AppShell>
  );
}

export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    children: [
      // Signed out, `/` says what Commonplace is; signed in, it is the caller's home.
      { path: '/', element: <SessionGate signedOut={<LandingPage />}><HomePage /></SessionGate> },
      { path: '/login', element: <LoginPage /> },
      { path: '/signup', element: <SignupPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      // A reset link from the mail lands here; the server serves the app for it like for any page.
      { path: '/reset-password/:token', element: <ResetPasswordPage /> },
      { path: '/invite/:code', element: <InvitePage /> },
      { path: '/groups/:groupId', element: signedIn(<GroupPage />) },
      { path: '/settings', element: signedIn(<SettingsPage />) },
      { path: '/account', element: signedIn(<AccountPage />) },
      { path: chunkedPages.document.path, element: signedIn(<DocumentPage />) },
      { path: chunkedPages.groupContributions.path, element: signedIn(<GroupContributionsPage />) },
      { path: '/groups/:groupId/audit', element: signedIn(<AuditLogPage />) },
      { path: chunkedPages.contributions.path, element: signedIn(<ContributionsPage />) },
      { path: chunkedPages.history.path, element: signedIn(<HistoryPage />) },
      { path: chunkedPages.assignment.path, element: signedIn(<AssignmentPage />) },
      { path: chunkedPages.review.path, element: signedIn(<ReviewPage />) },
      { path: '/lti/deep-link/:requestId', element: signedIn(<DeepLinkPickerPage />) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
