import { request, type RequestOptions } from 'node:http';

/** A well-formed WebSocket handshake's headers (RFC 6455 section 4.1; the key is the RFC's own example). */
const handshake = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };

/**
 * Sends an upgrade request with `headers` over the handshake's own, and
 * answers the plain HTTP response it got instead of a 101 (failing if it
 * was upgraded). `target` is a URL, or request options for a request line
 * no URL can express.
 */
export function refusedUpgrade(target: string | RequestOptions, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const options = { headers: { ...handshake, ...headers } };
    const req = typeof target === 'string' ? request(target, options) : request({ ...target, ...options });
    req.on('upgrade', () => reject(new Error('The request was upgraded.')));
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
