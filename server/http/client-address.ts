/**
 * The address a request came from, for per-address limits.
 *
 * Behind proxies, the socket's peer is the nearest proxy, and each proxy
 * appends the address it received the request from to `X-Forwarded-For`
 * (RFC 7239 describes the same chain for `Forwarded`). Entries on the left
 * were written by the client itself and prove nothing: a client that sends
 * `X-Forwarded-For: 1.2.3.4` would otherwise choose its own address, and
 * dodge every per-address limit by changing it. With `hops` proxies of our
 * own in front, the client's address is the one the outermost of them
 * added: the `hops`-th entry from the right. A header with fewer entries did
 * not pass through all of them, so the socket's peer is used.
 */
export function clientAddress(forwardedFor: string | undefined, hops: number, peer: string | undefined): string {
  if (hops > 0 && forwardedFor) {
    const entries = forwardedFor.split(',');
    const entry = entries.length >= hops ? entries[entries.length - hops]!.trim() : '';
    if (entry !== '') return entry;
  }
  return peer || 'unknown';
}
