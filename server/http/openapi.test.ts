import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityApi } from '../../shared/api/activity';
import { authApi } from '../../shared/api/auth';
import { coursesApi } from '../../shared/api/courses';
import { deepLinkingApi } from '../../shared/api/deep-linking';
import { feedbackApi } from '../../shared/api/feedback';
import { filesApi } from '../../shared/api/files';
import { groupsApi } from '../../shared/api/groups';
import { historyApi } from '../../shared/api/history';
import { ltiApi } from '../../shared/api/lti';
import { ltiLaunchApi } from '../../shared/api/lti-launch';
import { notificationSettingsApi } from '../../shared/api/notification-settings';
import { notificationsApi } from '../../shared/api/notifications';
import { peerReviewApi } from '../../shared/api/peer-review';
import { projectsApi } from '../../shared/api/projects';
import { routes } from '../../shared/api/routes';
import { schoolSignInApi } from '../../shared/api/school-sign-in';
import { systemApi } from '../../shared/api/system';
import { accountDataApi } from '../../shared/api/account-data';
import { archiveApi } from '../../shared/api/archive';
import { teammateEvaluationApi } from '../../shared/api/teammate-evaluation';
import { createApp } from '../app';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('GET /api/openapi.json', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('registers every route of the table, and nothing else', () => {
    const registered = new Set(
      createApp(server.domain)
        .routes.filter((r) => r.method !== 'ALL' && r.path !== '/*')
        .map((r) => `${r.method} ${r.path}`),
    );
    expect([...registered].filter((route) => !(route in routes))).toEqual([]);
    expect(Object.keys(routes).filter((route) => !registered.has(route))).toEqual([]);
  });

  it('holds each route in one feature table only', () => {
    const features = [systemApi, authApi, groupsApi, projectsApi, feedbackApi, historyApi, activityApi, coursesApi, ltiApi, deepLinkingApi, ltiLaunchApi, schoolSignInApi, notificationSettingsApi, notificationsApi, peerReviewApi, teammateEvaluationApi, filesApi, accountDataApi, archiveApi];
    expect(features.reduce((sum, table) => sum + Object.keys(table).length, 0)).toBe(Object.keys(routes).length);
  });

  it('serves an OpenAPI 3.1 document built from the shared schemas', async () => {
    const { status, body } = await server.api('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.values(body.paths).reduce((sum: number, methods) => sum + Object.keys(methods as object).length, 0)).toBe(Object.keys(routes).length);
    const signup = body.paths['/api/auth/signup'].post;
    expect(signup.requestBody.content['application/json'].schema.required).toEqual(['email', 'password', 'name']);
    expect(Object.keys(signup.responses)).toContain('201');
    const thread = body.paths['/api/threads/{threadId}'];
    expect(Object.keys(thread).sort()).toEqual(['delete', 'get', 'patch']);
    expect(thread.get.parameters).toEqual([{ name: 'threadId', in: 'path', required: true, schema: { type: 'string' } }]);
    const report = body.paths['/api/groups/{groupId}/contributions'].get.responses['200'].content;
    expect(Object.keys(report).sort()).toEqual(['application/json', 'text/csv']);
    const stream = body.paths['/api/docs/{docId}/threads/stream'].get.responses['200'].content;
    expect(stream['text/event-stream'].schema).toBeDefined();
  });
});
