// The classic y-websocket server: y-websocket@2's bin/utils setupWSConnection
// behind a plain http + ws server, as its own bin/server.cjs does. In memory,
// or on LevelDB when YPERSISTENCE names a folder (utils reads it at load).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { WebSocketServer } from 'ws';

const require = createRequire(import.meta.url);
const { setupWSConnection } = require('y-websocket-v2/bin/utils');

const port = Number(process.env.PORT);
const http = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
const wss = new WebSocketServer({ noServer: true });
wss.on('connection', (socket, request) => setupWSConnection(socket, request));
http.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
http.listen(port, '127.0.0.1');
