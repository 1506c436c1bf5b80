import * as Y from 'yjs';
import { anchorFragmentName } from '../../../shared/anchors';
import type { TestServer, TestUser } from '../../testing/test-server';
import { seedCourse } from './test-class';

/**
 * A course for the assignments' tests: a group with its instructor and
 * learners made straight in storage, and its teams made by the Teams
 * service (so course instructors follow into each, and a team made later
 * is told of like any).
 */
export interface TestCourse {
  courseId: string;
  teamIds: string[];
  addTeam(name: string, members: TestUser[]): Promise<string>;
}

export async function createTestCourse(server: TestServer, instructor: TestUser, teams: TestUser[][]): Promise<TestCourse> {
  const { db } = server.domain.store;
  const at = Date.now();
  const learners = teams.flat();
  const courseId = await seedCourse(db, instructor.user.id, learners.map((learner) => learner.user.id), at);
  const addTeam = async (name: string, members: TestUser[]) => {
    const known = new Set(learners.map((learner) => learner.user.id));
    const newcomers = members.filter((member) => !known.has(member.user.id));
    if (newcomers.length > 0) {
      await db
        .insertInto('memberships')
        .values(newcomers.map((member) => ({ group_id: courseId, user_id: member.user.id, role: 'member' as const, created_at: at, inherited_from: null })))
        .execute();
      learners.push(...newcomers);
    }
    const team = await server.domain.teams.create(courseId, instructor.user.id, { name, memberIds: members.map((member) => member.user.id) });
    return team.id;
  };
  const teamIds: string[] = [];
  for (const [i, members] of teams.entries()) teamIds.push(await addTeam(`Team ${String(i + 1).padStart(2, '0')}`, members));
  return { courseId, teamIds, addTeam };
}

/** The text of a document as stored now (its editor fragment's plain text, blocks on lines). */
export async function storedText(server: TestServer, docId: string): Promise<string> {
  const moment = await server.domain.versions.at(docId, {});
  const text = blocksText(moment.doc.getXmlFragment(anchorFragmentName));
  moment.doc.destroy();
  return text;
}

function blocksText(fragment: Y.XmlFragment | Y.XmlElement): string {
  return fragment
    .toArray()
    .map((child) => (child instanceof Y.XmlText ? child.toString().replace(/<[^>]*>/g, '') : child instanceof Y.XmlElement ? blocksText(child) : ''))
    .join(fragment instanceof Y.XmlFragment ? '\n' : '');
}

/** An edit by `user` appending a paragraph, written through the document's room as theirs. */
export async function writeAs(server: TestServer, docId: string, user: TestUser, text: string): Promise<void> {
  const moment = await server.domain.versions.at(docId, {});
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(moment.doc));
  moment.doc.destroy();
  const before = Y.encodeStateVector(doc);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(anchorFragmentName);
  fragment.insert(fragment.length, [paragraph]);
  await server.domain.sync.applyUpdateAs(docId, user.user.id, Y.encodeStateAsUpdate(doc, before));
  doc.destroy();
}
