import type { RawData, WebSocket } from 'ws';
import { closeCodes } from '../../shared/close-codes';
import type { Connection, SyncSocket } from './connection';

/**
 * Puts a `ws` socket, just upgraded, under the connection `accept` makes
 * for it: the socket's messages go to the connection, and its end ends it.
 * The socket's handlers hold the connection and nothing else.
 */
export function serveWebSocket(ws: WebSocket, accept: (socket: SyncSocket) => Connection): Connection {
  const socket: SyncSocket = {
    send: (message) => ws.send(message),
    close: (code, reason) => {
      ws.close(code, reason);
      // A client too slow to read its updates will not read the close frame
      // queued behind them either: the closing handshake would keep
      // everything queued for it until ws's 30 s close timeout. Drop the TCP
      // connection now, which frees it.
      if (code === closeCodes.tooSlow) ws.terminate();
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
  };
  const connection = accept(socket);
  ws.on('message', (data: RawData, isBinary: boolean) => {
    // A text frame breaks the protocol (binary only); the connection says so and closes.
    connection.receive(isBinary ? bytesOf(data) : String(data));
  });
  ws.on('close', () => connection.socketClosed());
  // ws follows every error with a close event, handled above.
  ws.on('error', () => {});
  return connection;
}

/**
 * A binary message as bytes of its own: ws hands a view into the chunk the
 * network delivered, which a stored or queued update would keep whole.
 */
function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}
