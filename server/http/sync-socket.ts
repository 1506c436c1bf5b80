import { Hono } from 'hono';
import { can } from '../../shared/permissions';
import type { Domain } from '../domain';
import { writableUntil } from '../features/assignments/doc-lock';
import { AppError, unauthenticated } from '../errors';
import { serveWebSocket } from '../sync/web-socket';
import type { AppEnv } from './env';
import { route } from './route';
import { takeSocket } from './socket-upgrade';

/**
 * GET /ws/:docId: the sync socket (docs/contract.md). Everything is decided
 * before the upgrade, so a refusal is a plain HTTP answer: originGuard has
 * already refused a foreign Origin (403); here no session is 401 and a
 * document the caller cannot read is 404. After the upgrade the socket
 * belongs to SyncServer.
 */
export function syncSocketRoute(domain: Pick<Domain, 'sync' | 'access' | 'config' | 'sessions' | 'docLocks' | 'archive'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /ws/:docId', async (c) => {
    const principal = c.get('principal');
    if (!principal) throw unauthenticated();
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new AppError('bad_request', 'This address only speaks WebSocket (the y-websocket protocol).');
    }
    // Taken before the checks: an access event published from here on is
    // applied to the connection when it opens, however the two interleave.
    const admittedAt = domain.sync.admissionTicket();
    const found = await domain.access.requireDoc(principal.user.id, c.req.param('docId'), 'read');
    const { group, role } = found;
    // An archived document is read-only: no update is taken from its opening on.
    const archivedAt = await domain.archive.docArchivedAt(found);
    // A team's copy of an assignment locks for its members at its due time;
    // each update is checked against it, so the lock holds on this socket
    // however long it stays open.
    const { locksAt } = await domain.docLocks.of(c.req.param('docId'), role);
    // The session was read by the middleware before the ticket: make sure it
    // did not end in between.
    if (!(await domain.sessions.isLive(principal.session.id))) throw unauthenticated();

    // Awareness names the user to the whole room: by their alias where they have one.
    const alias = await domain.access.aliasIn(group.id, principal.user.id);

    const peer = {
      docId: c.req.param('docId'),
      groupId: group.id,
      userId: principal.user.id,
      userName: alias?.name ?? principal.user.name,
      ...(alias && { shownId: alias.id }),
      sessionId: principal.session.id,
      role,
      canWrite: can(role, 'edit'),
      writableUntil: archivedAt ?? writableUntil(role, locksAt),
      admittedAt,
    };
    return takeSocket(c, (ws) => serveWebSocket(ws, (socket) => domain.sync.accept(socket, peer)));
  });

  return app;
}
