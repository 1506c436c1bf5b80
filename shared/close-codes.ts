/**
 * WebSocket close codes of the sync socket, shared by server and client.
 * 1000-1015 are RFC 6455 codes; 4000-4999 are reserved for applications.
 *
 * The application codes follow the convention of the stock y-websocket client
 * (its `defaultShouldReconnect`): 4400-4499 mirror HTTP 4xx, a deliberate
 * decision that reconnecting cannot fix, so the stock client stops; anything
 * else, including 4500-4599 ("try again later"), makes it reconnect.
 */
export const closeCodes = {
  /** Server shutting down or document unloading; reconnect. (RFC 6455 1001) */
  goingAway: 1001,
  /** Message larger than MAX_MESSAGE_BYTES. (RFC 6455 1009, sent by `ws`) */
  messageTooBig: 1009,
  /** A message that does not decode or breaks the protocol. */
  badMessage: 4400,
  /** The session ended (logout, expiry, password change); sign in again. */
  sessionEnded: 4401,
  /** Membership removed; the document is no longer visible. */
  accessRevoked: 4403,
  /** An update that writes under a Yjs client id owned by another user. */
  clientIdForged: 4409,
  /** Storage failed; nothing unstored was acknowledged, reconnect and resend. */
  storageFailed: 4500,
  /** The server holds as many documents as it may; try again shortly. */
  serverBusy: 4503,
  /** Rights changed (a role, or the due time a team's copy locks at); reconnect to get the new ones. */
  roleChanged: 4510,
  /** The client does not read what it is sent; its buffers grew too large. Reconnect. */
  tooSlow: 4529,
} as const;

export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** Codes after which reconnecting cannot help until the user acts. */
export const finalCloseCodes: ReadonlySet<number> = new Set([
  closeCodes.sessionEnded,
  closeCodes.accessRevoked,
]);
