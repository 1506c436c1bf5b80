import type { RouteTable } from './route-table';

/** The server's own routes: readiness, metrics, this API's description, and the document sync socket. */
export const systemApi = {
  'GET /api/health': { summary: 'Answers 200 once the server is ready', public: true },
  'GET /metrics': { summary: 'Prometheus metrics, with the METRICS_TOKEN bearer token (404 without one configured)', produces: 'text/plain', public: true },
  'GET /api/openapi.json': { summary: 'This API described as OpenAPI 3.1', public: true },
  'GET /dev/mail': { summary: 'Development only, without SMTP_URL: the last mails written to the log (404 otherwise)', produces: 'text/html', public: true },
  'GET /ws/:docId': { summary: 'Sync socket: the y-websocket protocol (y-protocols sync and awareness)', status: 101 },
} as const satisfies RouteTable;
