import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Role } from '../shared/permissions';
import { parseConfig } from './config';
import { createLogger } from './logger';
import { sessionCookieName } from './http/session-cookie';
import { appAddress } from './seed-address';
import { startServer } from './server';

/**
 * `npm run seed`: a demo workspace in the configured database, made through
 * the same services and the same sync socket as real use, so that what a
 * newcomer sees is what the product does.
 */
const demoPassword = 'commonplace-demo';

const people: { name: string; email: string; role: Role }[] = [
  { name: 'Iris Instructor', email: 'iris@demo.commonplace', role: 'instructor' },
  { name: 'Ana Member', email: 'ana@demo.commonplace', role: 'member' },
  { name: 'Ben Member', email: 'ben@demo.commonplace', role: 'member' },
  { name: 'Chloe Member', email: 'chloe@demo.commonplace', role: 'member' },
  { name: 'Rui Reviewer', email: 'rui@demo.commonplace', role: 'reviewer' },
];

const outline: [kind: 'heading' | 'paragraph', text: string][] = [
  ['heading', 'Final report: learning in study circles'],
  ['paragraph', 'We asked why online learners stay in a course when they work with others.'],
  ['heading', 'Methods'],
  ['paragraph', 'Twelve study circles kept a shared journal for six weeks; we coded each entry.'],
  ['heading', 'Results'],
  ['paragraph', 'Circles that answered each other within a day kept nine members in ten.'],
];

async function seed() {
  // Where people will open the app: the configuration `npm start` runs with (checked here, so a bad value says so).
  const address = appAddress(parseConfig(process.env)) ?? 'the address `npm start` prints';
  // The seed's own server is private to this process: a free local port, and any Origin (it sends none).
  const config = parseConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', APP_ORIGIN: undefined, LOG_LEVEL: 'warn' });
  const server = await startServer(config, createLogger(config.logLevel));
  const { accounts, groups, invites, projects, docs, store } = server.domain;
  try {
    const existing = await store.db.selectFrom('users').select('id').where('email', '=', people[0]!.email).executeTakeFirst();
    if (existing) {
      console.log(`The demo workspace is already there. Open ${address} and sign in as any account below.`);
      printAccounts();
      return;
    }

    const accountsByRole = [];
    for (const person of people) {
      const signedIn = await accounts.signup({ name: person.name, email: person.email, password: demoPassword });
      accountsByRole.push({ ...person, ...signedIn });
    }
    const [instructor, writer] = accountsByRole;
    const { group } = await groups.create(instructor!.user.id, 'Research Methods, Team Blue');
    for (const person of accountsByRole.slice(1)) {
      const invite = await invites.create(group.id, instructor!.user.id, { role: person.role, expiresInDays: 1, maxUses: 1 });
      await invites.accept(invite.code, person.user.id);
    }
    const project = await projects.create(group.id, instructor!.user.id, 'Final report');
    const doc = await docs.create(project.id, writer!.user.id, 'Study circles: final report');

    await writeOutline(server.url, doc.id, writer!.token);
    console.log(`Seeded group "${group.name}" with project "${project.name}" and document "${doc.title}".`);
    console.log(`Open ${address}/docs/${doc.id} after \`npm start\`.`);
    printAccounts();
  } finally {
    await server.stop();
  }
}

/**
 * Types the outline as Ana through a stock y-websocket client, then waits
 * until a second, fresh client receives it: the server sends nothing it has
 * not committed, so what the reader sees is stored.
 */
async function writeOutline(serverUrl: string, docId: string, token: string) {
  const writer = connect(serverUrl, docId, token);
  await new Promise<void>((resolve) => writer.provider.once('sync', () => resolve()));
  const fragment = writer.doc.getXmlFragment('default');
  writer.doc.transact(() => {
    for (const [kind, text] of outline) {
      const element = new Y.XmlElement(kind);
      if (kind === 'heading') element.setAttribute('level', 2 as unknown as string);
      element.insert(0, [new Y.XmlText(text)]);
      fragment.push([element]);
    }
  });
  const reader = connect(serverUrl, docId, token);
  await new Promise<void>((resolve) => {
    const check = () => reader.doc.getXmlFragment('default').length === outline.length && resolve();
    reader.doc.on('update', check);
    check();
  });
  for (const client of [writer, reader]) {
    client.provider.destroy();
    client.doc.destroy(); // also stops the awareness timer the provider made
  }
}

function connect(serverUrl: string, docId: string, token: string) {
  const doc = new Y.Doc();
  const cookie = `${sessionCookieName}=${token}`;
  const provider = new WebsocketProvider(serverUrl.replace(/^http/, 'ws') + '/ws', docId, doc, {
    WebSocketPolyfill: class extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie } });
      }
    } as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider };
}

function printAccounts() {
  console.log(`\nDemo accounts (password for all: ${demoPassword}):`);
  for (const person of people) console.log(`  ${person.role.padEnd(10)} ${person.name.padEnd(16)} ${person.email}`);
}

seed().catch((err) => {
  console.error(err);
  process.exit(1);
});
