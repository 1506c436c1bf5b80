/**
 * WebSocket close codes of the sync socket, shared by server and client.
 * 1000-1015 are RFC 6455 codes; 4000-4999 are reserved for applications.
 */
export const closeCodes = {
  /** Server shutting down or document unloading; reconnect. (RFC 6455 1001) */
  goingAway: 1001,
  /** Message larger than MAX_MESSAGE_BYTES. (RFC 6455 1009, sent by `ws`) */
  messageTooBig: 1009,
  /** The session ended (logout, expiry, password change); sign in again. */
  sessionEnded: 4001,
  /** Membership removed; the document is no longer visible. */
  accessRevoked: 4003,
  /** A message that does not decode or breaks the protocol. */
  badMessage: 4400,
  /** An update that writes under a Yjs client id owned by another user. */
  clientIdForged: 4409,
  /** Role changed; reconnect to get the new rights. */
  roleChanged: 4410,
  /** The client does not read what it is sent; its buffers grew too large. */
  tooSlow: 4429,
  /** Storage failed; nothing unstored was acknowledged, reconnect and resend. */
  storageFailed: 4500,
} as const;

export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** Codes after which reconnecting cannot help until the user acts. */
export const finalCloseCodes: ReadonlySet<number> = new Set([
  closeCodes.sessionEnded,
  closeCodes.accessRevoked,
]);
