import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { notFound, unauthenticated } from '../errors';

/**
 * Who may read /metrics. Its figures (connections, loaded documents, memory,
 * refused messages by reason) tell an outsider how busy the server is and
 * what it refuses, so it is not public: without `METRICS_TOKEN` the route
 * does not exist (404), and with it a scraper sends
 * `Authorization: Bearer <token>` (Prometheus' `authorization` setting).
 * Both sides are hashed before the constant-time comparison, so neither the
 * token's length nor its prefix leaks through timing.
 */
export function checkMetricsAccess(token: string | null, authorization: string | undefined): void {
  if (token === null) throw notFound('That page');
  const given = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : '';
  const digest = (text: string) => sha256(new TextEncoder().encode(text));
  if (!constantTimeEqual(digest(given), digest(token))) throw unauthenticated('Send the metrics token as a bearer token.');
}
