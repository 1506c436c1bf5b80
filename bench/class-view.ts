import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { newId } from '../server/db/ids';
import { CopyWriters } from '../server/features/assignments/test-class';
import { DocHistory } from '../server/features/versions/history';
import { sessionCookieName } from '../server/http/session-cookie';
import { startTestServer } from '../server/testing/test-server';
import type { BenchResult, BenchRow } from './feed';

/**
 * A class at the size the product is built for: 300 learners in 60 teams
 * of 5, made as the real code makes them (the course's memberships in bulk,
 * as invites leave them; each team through the Teams service), an
 * assignment with a ten-page Markdown template set over HTTP and opened for
 * the 60 teams at once (timed: goal under 2 s), then every team writing
 * in its copy through the server's update path, in typing bursts of one
 * update each, some members more than others and some not at all. Then
 * GET /api/assignments/:id/class, over HTTP, as the instructor:
 * - the first look after all that writing (every copy's text figures rebuilt);
 * - 200 looks at a class nobody wrote in since (goal: p95 under 100 ms);
 * - looks each right after one team wrote (one copy's figures rebuilt);
 * - the CSV export.
 * Figures are printed and kept in bench/results/<date>-class-view.json.
 */

const teamCount = 60;
const teamSize = 5;
const pages = 10;
const requests = 200;
const afterWriteRequests = 20;
const csvRequests = 10;

export async function benchClassView(): Promise<BenchResult> {
  const server = await startTestServer({ DOC_UNLOAD_DELAY_MS: '600000' });
  try {
    const { db } = server.domain.store;
    const now = Date.now();
    const words = wordSource(7);

    // The class: an instructor and 300 learners in one course.
    const instructorId = newId();
    const learners = Array.from({ length: teamCount * teamSize }, () => newId());
    const users = [instructorId, ...learners].map((id, i) => ({ id, email: `person${i}@bench.test`, name: i === 0 ? 'Instructor' : `Learner ${i}`, password_hash: '!', created_at: now }));
    for (let i = 0; i < users.length; i += 500) await db.insertInto('users').values(users.slice(i, i + 500)).execute();
    const courseId = newId();
    await db.insertInto('groups').values({ id: courseId, name: 'Bench course', created_by: instructorId, created_at: now, parent_id: null, self_signup_max: null }).execute();
    await db
      .insertInto('memberships')
      .values([instructorId, ...learners].map((user_id, i) => ({ group_id: courseId, user_id, role: i === 0 ? ('instructor' as const) : ('member' as const), created_at: now, inherited_from: null })))
      .execute();
    const teamsStarted = performance.now();
    for (let t = 0; t < teamCount; t++) {
      await server.domain.teams.create(courseId, instructorId, { name: `Team ${String(t + 1).padStart(2, '0')}`, memberIds: learners.slice(t * teamSize, (t + 1) * teamSize) });
    }
    const teamsMs = performance.now() - teamsStarted;
    const cookie = `${sessionCookieName}=${(await server.domain.sessions.create(instructorId)).token}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(server.url + path, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
      return response;
    };

    // As the running server does once it listens (server/main.ts). No assignment waits to open, so it
    // loads nothing: this first opening loads the template's parser and the editor's schema, as a
    // teacher's first opening after a restart does.
    await server.domain.assignmentOpening.prepare();
    // The assignment, open at once: its creation makes the 60 copies of the template.
    const template = tenPages(words);
    const openStarted = performance.now();
    const openCpu = process.cpuUsage();
    const created = await call('POST', `/api/groups/${courseId}/assignments`, { title: 'Essay', template, dueAt: new Date(now + 14 * 86_400_000).toISOString() });
    const openMs = performance.now() - openStarted;
    const openCpuMs = cpuMs(openCpu);
    const { assignment } = (await created.json()) as { assignment: { id: string } };
    // A second assignment the same way.
    const againStarted = performance.now();
    await call('POST', `/api/groups/${courseId}/assignments`, { title: 'Essay, again', template, dueAt: new Date(now + 14 * 86_400_000).toISOString() });
    const againMs = performance.now() - againStarted;
    const copies = await db.selectFrom('assignment_teams').select(['team_id', 'doc_id']).where('assignment_id', '=', assignment.id).execute();
    if (copies.length !== teamCount) throw new Error(`${copies.length} copies made, not ${teamCount}`);

    // Writing: every team at once, each member in bursts of one update, as an editor sends them.
    const history = new DocHistory(db);
    const first = await history.build(copies[0]!.doc_id, await history.latestUpdateId(copies[0]!.doc_id), { gc: true });
    const initial = Y.encodeStateAsUpdate(first);
    first.destroy();
    const members = await db.selectFrom('memberships').select(['group_id', 'user_id']).where('group_id', 'in', copies.map((c) => c.team_id)).where('role', '=', 'member').execute();
    const writers = copies.map((copy) => new CopyWriters(server.domain.sync, copy.doc_id, initial));
    let updates = 0;
    const writeStarted = performance.now();
    await Promise.all(
      copies.map(async (copy, t) => {
        const team = members.filter((m) => m.group_id === copy.team_id).map((m) => m.user_id);
        for (const [k, userId] of team.entries()) {
          // Unequal shares: in every third team the first member writes most; the last member of every fourth writes nothing.
          const paragraphs = t % 3 === 0 && k === 0 ? 6 : t % 4 === 0 && k === team.length - 1 ? 0 : 1 + ((t + k) % 3);
          for (let p = 0; p < paragraphs; p++) {
            const sent = await typeParagraph(writers[t]!, userId, words, 3);
            updates += sent;
          }
        }
      }),
    );
    const writeMs = performance.now() - writeStarted;

    const classPath = `/api/assignments/${assignment.id}/class`;
    const look = async (path = classPath) => {
      const started = performance.now();
      const response = await call('GET', path);
      await response.text();
      return performance.now() - started;
    };
    const cold = await look();
    for (let i = 0; i < 10; i++) await look();
    const warm: number[] = [];
    const warmCpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) warm.push(await look());
    const warmCpuMs = cpuMs(warmCpu) / requests;
    const afterWrite: number[] = [];
    for (let i = 0; i < afterWriteRequests; i++) {
      const t = (i * 7) % teamCount;
      const userId = members.find((m) => m.group_id === copies[t]!.team_id)!.user_id;
      updates += await typeParagraph(writers[t]!, userId, words, 1);
      afterWrite.push(await look());
    }
    const csv: number[] = [];
    for (let i = 0; i < csvRequests; i++) csv.push(await look(`${classPath}?format=csv`));
    for (const writer of writers) writer.destroy();

    const rows: BenchRow[] = [
      row('first look after every team wrote', [cold]),
      row('nothing written since the last look', warm),
      row('one team wrote since the last look', afterWrite),
      row('CSV of the whole class', csv),
    ];
    const goals = { openMs: 2000, classViewP95Ms: 100 };
    const warmRow = rows[1]!;
    const notes = [
      `class view: ${teamCount * teamSize} learners in ${teamCount} teams made through the Teams service in ${Math.round(teamsMs)} ms.`,
      `class view: an assignment with a ${pages}-page template (${template.length.toLocaleString('en-US')} characters of Markdown) set over HTTP and opened for ${teamCount} teams in ${Math.round(openMs)} ms, ` +
        `${Math.round(openCpuMs)} ms of CPU (goal under ${goals.openMs} ms: ${openMs < goals.openMs ? 'met' : 'MISSED'}); a second such assignment in ${Math.round(againMs)} ms.`,
      `class view: ${updates.toLocaleString('en-US')} updates written through the update path in ${(writeMs / 1000).toFixed(1)} s; ` +
        `p95 of a look at the class ${warmRow.p95} ms (goal under ${goals.classViewP95Ms} ms: ${warmRow.p95 < goals.classViewP95Ms ? 'met' : 'MISSED'}), ` +
        `${warmCpuMs.toFixed(1)} ms of CPU per look (server and client in this one process).`,
      `class view: load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} on ${cpus().length} cores at the end; on a busy machine the times stretch, the CPU figures much less.`,
    ];
    keep({ teams: teamCount, learners: teamCount * teamSize, templateChars: template.length, updates, teamsMs: round(teamsMs), openMs: round(openMs), openCpuMs: round(openCpuMs), secondOpenMs: round(againMs), writeMs: round(writeMs), lookCpuMs: round(warmCpuMs), loadAverage: loadavg(), goals, rows });
    return { rows, notes };
  } finally {
    await server.close();
  }
}

/** Types one paragraph by `userId` in `bursts` updates of a sentence each; answers how many updates it sent. */
async function typeParagraph(writers: CopyWriters, userId: string, words: () => string, bursts: number): Promise<number> {
  let text: Y.XmlText | undefined;
  await writers.edit(userId, (doc) => {
    const paragraph = new Y.XmlElement('paragraph');
    text = new Y.XmlText();
    paragraph.insert(0, [text]);
    const fragment = doc.getXmlFragment('default');
    fragment.insert(fragment.length, [paragraph]);
    text.insert(0, sentence(words));
  });
  for (let i = 1; i < bursts; i++) await writers.edit(userId, () => text!.insert(text!.length, ` ${sentence(words)}`));
  return bursts;
}

/** Ten pages of Markdown: a heading per page, five paragraphs of about ninety words under each. */
function tenPages(words: () => string): string {
  const parts = ['# Essay: instructions and outline'];
  for (let page = 1; page <= pages; page++) {
    parts.push(`## Part ${page}`);
    for (let p = 0; p < 5; p++) parts.push(Array.from({ length: 6 }, () => sentence(words)).join(' '));
  }
  return parts.join('\n\n') + '\n';
}

function sentence(words: () => string): string {
  const count = 12 + Math.floor(words().length % 6);
  const list = Array.from({ length: count }, () => words());
  return `${list[0]![0]!.toUpperCase()}${list.join(' ').slice(1)}.`;
}

/** Words drawn from a small vocabulary by a seeded generator, so every run writes the same text. */
function wordSource(seed: number): () => string {
  const vocabulary = 'the of learning team writes draft argument evidence source claim reader revise section paragraph method result discussion because however therefore example shows which their our this data question answer'.split(' ');
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return vocabulary[state % vocabulary.length]!;
  };
}

function row(scenario: string, samples: number[]): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { bench: 'GET class view', scenario, requests: samples.length, p50: at(0.5), p95: at(0.95), max: round(sorted.at(-1)!) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** CPU milliseconds (user and system) this process spent since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** The figures with the machine they were measured on, in bench/results/<date>-class-view.json. */
function keep(figures: object): void {
  const date = new Date().toISOString().slice(0, 10);
  const folder = join(import.meta.dirname, 'results');
  mkdirSync(folder, { recursive: true });
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the figures stand without it.
  }
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, commit };
  writeFileSync(join(folder, `${date}-class-view.json`), JSON.stringify({ date, machine, ...figures }, null, 2) + '\n');
}
