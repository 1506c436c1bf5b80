import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env';
import { route } from './route';

describe('route', () => {
  it('registers a handler under the method and path of its key in the table', () => {
    const app = new Hono<AppEnv>();
    route(app, 'GET /api/auth/me', (c) => c.json({ user: { id: 'abcdefghijklmnop', email: 'ada@example.test', name: 'Ada' } }));
    route(app, 'DELETE /api/groups/:groupId/tags/:tagId', (c) => c.body(null, 204));
    expect(app.routes.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/auth/me', 'DELETE /api/groups/:groupId/tags/:tagId']);
  });

  it('refuses at type-check a key the table does not hold and an answer of another shape (these are never run)', () => {
    const app = new Hono<AppEnv>();
    const unchecked = () => {
      // A route renamed in the table but not where it is registered.
      // @ts-expect-error 'GET /api/docs/:documentId' is not a key of the table
      route(app, 'GET /api/docs/:documentId', (c) => c.json({}));
      // @ts-expect-error the table's answer is { user }: a user without its name is another shape
      route(app, 'GET /api/auth/me', (c) => c.json({ user: { id: 'x', email: 'x@example.test' } }));
      // @ts-expect-error a 204 route answers no body
      route(app, 'DELETE /api/replies/:replyId', (c) => c.json({ deleted: true }));
      // @ts-expect-error a JSON route answers JSON (only one that also produces CSV may answer a body)
      route(app, 'GET /api/docs/:docId/contributions', (c) => c.body('who,what'));
      // The contributions report answers JSON, or CSV when asked.
      route(app, 'GET /api/groups/:groupId/contributions', (c) => c.body('who,what'));
    };
    expect(unchecked).toBeTypeOf('function');
  });
});
