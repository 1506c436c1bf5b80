import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Domain } from './domain';
import { AppError } from './errors';
import { clientAssets } from './http/client-assets';
import type { AppEnv } from './http/env';
import { errorHandler, notFoundHandler } from './http/errors';
import { openApiDocument } from './http/openapi';
import { clientAddress } from './http/client-address';
import { checkMetricsAccess } from './http/metrics-access';
import { originGuard } from './http/origin-guard';
import { route } from './http/route';
import { sessionMiddleware } from './http/session-cookie';
import { syncSocketRoute } from './http/sync-socket';
import { accountDataRoutes } from './features/account-data/routes';
import { activityRoutes } from './features/activity/routes';
import { archiveRoutes } from './features/archive/routes';
import { courseWritePaths } from './features/archive/course-writes';
import { refuseWritesInArchivedCourse } from './features/archive/course-write-routes';
import { extensionRoutes } from './features/assignments/extension-routes';
import { assignmentRoutes } from './features/assignments/routes';
import { authRoutes } from './features/auth/routes';
import { passwordResetRoutes } from './features/auth/password-reset-routes';
import { classViewRoutes } from './features/assignments/class-view-routes';
import { contributionRoutes } from './features/contributions/routes';
import { docRoutes } from './features/docs/routes';
import { exportRoutes } from './features/export/routes';
import { fileRoutes, fileUploadPath } from './features/files/routes';
import { docImportPath, importRoutes } from './features/import/routes';
import { groupRoutes } from './features/groups/routes';
import { notificationRoutes } from './features/notifications/routes';
import { notificationSettingsRoutes } from './features/notifications/settings-routes';
import { unsubscribeRoutes } from './features/notifications/unsubscribe-routes';
import { homeRoutes } from './features/home/routes';
import { inviteRoutes } from './features/invites/routes';
import { rosterImportPath, rosterRoutes } from './features/courses/roster-routes';
import { teamRoutes } from './features/courses/team-routes';
import { deepLinkingRoutes } from './features/lti/deep-linking-routes';
import { gradesRoutes } from './features/lti/grades-routes';
import { ltiLaunchRoutes } from './features/lti/launch-routes';
import { lmsFraming } from './http/lms-framing';
import { requestLog } from './http/request-log';
import { rosterSyncRoutes } from './features/lti/roster-sync-routes';
import { projectRoutes } from './features/projects/routes';
import { schoolSignInRoutes } from './features/school-sign-in/routes';
import { tagRoutes } from './features/tags/routes';
import { allocationRoutes } from './features/peer-review/allocation-routes';
import { reviewRoutes } from './features/peer-review/review-routes';
import { rubricRoutes } from './features/peer-review/rubric-routes';
import { teammateEvaluationRoutes } from './features/teammate-evaluation/routes';
import { threadRoutes } from './features/threads/routes';
import { versionRoutes } from './features/versions/routes';
import { devMailRoutes } from './features/mail/dev-mail-routes';

/** The HTTP face of one server instance: API, sync socket upgrade, client app. */
export function createApp(domain: Domain): Hono<AppEnv> {
  const { config, logger, metrics } = domain;
  const app = new Hono<AppEnv>();

  app.onError(errorHandler(logger));
  app.notFound(notFoundHandler);

  // Outside the security headers: an LMS's frame may show pages of a browser it launched.
  app.use(lmsFraming(config.ltiPlatforms));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // ProseMirror and the caret plugin position things with style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: config.secureCookies ? 'max-age=31536000; includeSubDomains' : false,
      // A page that sets a header itself keeps it: the deep linking answer's policy lets its form post to the LMS.
      overwrite: false,
    }),
  );
  app.use(requestLog(logger));
  app.use(async (c, next) => {
    c.set('clientAddress', clientAddress(c.req.header('x-forwarded-for'), config.trustedProxies, getConnInfo(c).remote.address));
    await next();
  });
  app.use(originGuard(config.appOrigin));
  app.use(sessionMiddleware(domain.sessions));

  route(app, 'GET /api/health', (c) => c.json({ status: 'ok' }));
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  route(app, 'GET /api/openapi.json', (c) => c.json((openApi ??= openApiDocument())));
  route(app, 'GET /metrics', async (c) => {
    checkMetricsAccess(config.metricsToken, c.req.header('authorization'));
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });

  const generalBodyLimit = bodyLimit({
    maxSize: config.maxBodyBytes,
    onError: () => {
      throw new AppError('payload_too_large', `The request body is larger than ${config.maxBodyBytes} bytes.`);
    },
  });
  // A roster file and an uploaded image have their own, bigger limits, checked by their routes.
  const ownLimit = (path: string) => rosterImportPath.test(path) || fileUploadPath.test(path) || docImportPath.test(path);
  app.use('/api/*', (c, next) => (c.req.method === 'POST' && ownLimit(c.req.path) ? next() : generalBodyLimit(c, next)));
  for (const [pattern, courseOf] of courseWritePaths) app.use(pattern, refuseWritesInArchivedCourse(domain.store.db, domain.access, courseOf));
  // Every feature registers the full paths of its routes in the table
  // (shared/api/), so each is mounted at the root.
  for (const feature of [
    authRoutes(domain),
    passwordResetRoutes(domain),
    schoolSignInRoutes(domain),
    groupRoutes(domain),
    inviteRoutes(domain),
    projectRoutes(domain),
    homeRoutes(domain),
    docRoutes(domain),
    threadRoutes(domain),
    tagRoutes(domain),
    contributionRoutes(domain),
    assignmentRoutes(domain),
    classViewRoutes(domain),
    versionRoutes(domain),
    exportRoutes(domain),
    fileRoutes(domain),
    importRoutes(domain),
    rosterRoutes(domain),
    teamRoutes(domain),
    activityRoutes(domain),
    notificationRoutes(domain),
    notificationSettingsRoutes(domain),
    unsubscribeRoutes(domain),
    extensionRoutes(domain),
    rubricRoutes(domain),
    allocationRoutes(domain),
    reviewRoutes(domain),
    teammateEvaluationRoutes(domain),
    accountDataRoutes(domain),
    archiveRoutes(domain),
    deepLinkingRoutes(domain),
    ltiLaunchRoutes(domain),
    rosterSyncRoutes(domain),
    gradesRoutes(domain),
    devMailRoutes(domain),
    syncSocketRoute(domain),
  ]) {
    app.route('/', feature);
  }

  app.route('/', clientAssets());
  return app;
}
