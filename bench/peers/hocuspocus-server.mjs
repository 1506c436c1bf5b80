// Hocuspocus 4 with its defaults (stores debounced by 2 s, up to 10 s; a
// document unloads when its last client leaves), in memory, or with its
// SQLite extension on the file HOCUSPOCUS_SQLITE names.
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const file = process.env.HOCUSPOCUS_SQLITE;
const server = new Server({
  port: Number(process.env.PORT),
  address: '127.0.0.1',
  quiet: true,
  extensions: file ? [new SQLite({ database: file })] : [],
});
await server.listen();
