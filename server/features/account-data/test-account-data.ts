import JSZip from 'jszip';
import * as Y from 'yjs';
import { newId } from '../../db/ids';
import type { TestServer, TestUser } from '../../testing/test-server';
import { commentBody, feedbackGroup, type FeedbackGroup } from '../threads/test-feedback';
import { addParagraph } from '../versions/test-editing';

/** What each person wrote in the course document of `courseWithWork`. */
export const written = {
  miaParagraph: 'Rivers carve their valleys slowly, wrote Mia.',
  patParagraph: 'Pat kept this paragraph to himself.',
  miaComment: 'Mia asks: is the fox really quick?',
  patReply: 'Pat answers: quick enough.',
  patRatingComment: 'Pat thinks Mia did little (for instructors only).',
} as const;

export interface CourseWithWork extends FeedbackGroup {
  threadId: string;
  assignmentId: string;
}

/**
 * A group (instructor Ines, members Mia and Pat) whose document holds the
 * test sentence, a paragraph by Mia and one by Pat; Mia's comment with Pat's
 * reply (which notifies Mia); an assignment where Mia and Pat rated each
 * other, each with a comment meant for the instructors.
 */
export async function courseWithWork(server: TestServer): Promise<CourseWithWork> {
  const group = await feedbackGroup(server, { sentence: true });
  const { docId, member: mia, peer: pat, instructor: ines } = group;
  await writeParagraph(server, docId, mia, written.miaParagraph);
  await writeParagraph(server, docId, pat, written.patParagraph);
  const thread = await server.api('POST', `/api/docs/${docId}/threads`, { as: mia, body: commentBody({ body: written.miaComment }) });
  if (thread.status !== 201) throw new Error(`comment: ${thread.status} ${JSON.stringify(thread.body)}`);
  const reply = await server.api('POST', `/api/threads/${thread.body.thread.id}/replies`, { as: pat, body: { body: written.patReply } });
  if (reply.status !== 201) throw new Error(`reply: ${reply.status} ${JSON.stringify(reply.body)}`);

  const { db } = server.domain.store;
  const now = Date.now();
  const assignmentId = newId();
  await db
    .insertInto('assignments')
    .values({
      id: assignmentId,
      course_id: group.groupId,
      title: 'River essay',
      instructions: '',
      template_markdown: null,
      template_doc_id: null,
      opens_at: now,
      due_at: now + 86_400_000,
      lock_at_due: 0,
      opened_at: null,
      revision: 1,
      created_by: ines.user.id,
      created_at: now,
      updated_at: now,
    })
    .execute();
  const rating = (rater: TestUser, ratee: TestUser, score: number, comment: string) => ({
    assignment_id: assignmentId,
    team_id: group.groupId,
    rater_id: rater.user.id,
    ratee_id: ratee.user.id,
    contributing: score,
    interacting: score,
    keeping_on_track: score,
    expecting_quality: score,
    knowledge_skills: score,
    comment,
    submitted_at: now,
  });
  await db
    .insertInto('teammate_ratings')
    .values([rating(mia, pat, 4, 'Mia thinks Pat was a great help.'), rating(pat, mia, 2, written.patRatingComment)])
    .execute();
  return { ...group, threadId: thread.body.thread.id as string, assignmentId };
}

/** Appends a paragraph written by `user`, under a Yjs client id of their own. */
export async function writeParagraph(server: TestServer, docId: string, user: TestUser, text: string): Promise<void> {
  const doc = new Y.Doc();
  try {
    addParagraph(doc, text);
    await server.domain.sync.applyUpdateAs(docId, user.user.id, Y.encodeStateAsUpdate(doc));
  } finally {
    doc.destroy();
  }
}

/** `GET /api/me/export` as `user`: the answer and the archive read back by JSZip (which checks every CRC). */
export async function downloadData(server: TestServer, user: TestUser): Promise<{ response: Response; files: Map<string, string> }> {
  const response = await fetch(`${server.url}/api/me/export`, { headers: { cookie: user.cookie } });
  const files = new Map<string, string>();
  if (response.status !== 200) return { response, files };
  const zip = await JSZip.loadAsync(new Uint8Array(await response.arrayBuffer()), { checkCRC32: true });
  for (const [path, entry] of Object.entries(zip.files)) if (!entry.dir) files.set(path, await entry.async('string'));
  return { response, files };
}

/** The one file of the archive whose path ends with `suffix`. */
export function fileEnding(files: ReadonlyMap<string, string>, suffix: string): string {
  const found = [...files].filter(([path]) => path.endsWith(suffix));
  if (found.length !== 1) throw new Error(`${found.length} files end with ${suffix}: ${[...files.keys()].join(', ')}`);
  return found[0]![1];
}
