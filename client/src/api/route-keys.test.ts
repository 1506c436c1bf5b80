import { describe, expect, it } from 'vitest';
import { call } from './endpoints';
import { callFeedback } from './feedback-endpoints';
import { pathTo } from './http';

/**
 * The client names routes by their key in the shared table (shared/api/):
 * a route renamed or removed there, or called with params, a body or a
 * query of another shape, fails type-check here and at every call site.
 * Each `@ts-expect-error` below must meet an error, or tsc fails: if the
 * keys stopped being checked, this file would say so.
 */
describe('route keys', () => {
  it('are checked by type-check (these calls are never run)', () => {
    const unchecked = async () => {
      // A path written by hand that the table does not hold (the param is :docId).
      // @ts-expect-error 'GET /api/docs/:documentId' is not a key of the table
      await call('GET /api/docs/:documentId', { params: { documentId: 'x' } });
      // @ts-expect-error the method is part of the key: documents are renamed with PATCH
      await call('POST /api/docs/:docId', { params: { docId: 'x' }, body: { title: 'New' } });
      // @ts-expect-error a feedback route is not in the caller of the routes every page loads
      await call('GET /api/docs/:docId/threads', { params: { docId: 'x' } });
      // @ts-expect-error the params are the path's: docId, not id
      await call('GET /api/docs/:docId', { params: { id: 'x' } });
      // @ts-expect-error a route with params needs them
      await call('GET /api/docs/:docId');
      // @ts-expect-error the body is the table's: a document has a title, not a name
      await call('PATCH /api/docs/:docId', { params: { docId: 'x' }, body: { name: 'New' } });
      // @ts-expect-error a role is one of the roles
      await call('PATCH /api/groups/:groupId/members/:userId', { params: { groupId: 'g', userId: 'u' }, body: { role: 'owner' } });
      // @ts-expect-error the query is the table's: a thread's kind is comment, annotation or suggestion
      await callFeedback('GET /api/docs/:docId/threads', { params: { docId: 'x' }, query: { kind: 'question' } });
      // @ts-expect-error a stream is opened by the browser (pathTo), not fetched
      await callFeedback('GET /api/docs/:docId/threads/stream', { params: { docId: 'x' } });
      // @ts-expect-error the answer is the table's response: a document answers { doc }
      const { document: _document } = await call('GET /api/docs/:docId', { params: { docId: 'x' } });
      // @ts-expect-error pathTo takes keys of the table too
      pathTo('GET /api/feed/live', {});
    };
    expect(unchecked).toBeTypeOf('function');
  });
});
