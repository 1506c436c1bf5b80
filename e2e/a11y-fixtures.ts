import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import * as Y from 'yjs';
import { anchorFromRange, type Anchor } from '../shared/anchors';
import type { Role } from '../shared/permissions';
import { writeAs } from '../server/features/assignments/test-course';
import { createTestDoc, type TestServer, type TestUser } from '../server/testing/test-server';

/**
 * What the accessibility tests share: documents with text and feedback made
 * through the API (what is not under test is set up without the browser),
 * and axe-core's verdict on a page, kept to what WCAG 2.1 AA asks.
 */

/** WCAG 2.0 and 2.1, levels A and AA: what public institutions must meet. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Axe-core's serious and critical violations on the page as it is now, one
 * readable line per element ("state: rule (impact) on selector: summary"),
 * so that a failing test says what to fix. Empty when the page passes.
 */
export async function axeProblems(page: Page, state: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${state}: ${violation.id} (${violation.impact}) on ${node.target.join(' ')}: ${violation.help}\n    ${node.failureSummary?.replace(/\n/g, '\n    ') ?? ''}\n    ${node.html.slice(0, 200)}`,
      ),
    );
}

/** A document written by its first member: one paragraph per line of `lines`. */
export async function writtenDoc(server: TestServer, members: { member: TestUser; role: Role }[], lines: string[]) {
  const made = await createTestDoc(server, members);
  for (const line of lines) await writeAs(server, made.docId, members[0]!.member, line);
  return made;
}

/**
 * An anchor on the first occurrence of `words` in the stored document, as
 * the editor would make it. The document is paragraphs of plain text (as
 * writtenDoc makes it): each adds its text and two positions (open, close).
 */
export async function anchorOnWords(server: TestServer, docId: string, words: string): Promise<Required<Anchor>> {
  const moment = await server.domain.versions.at(docId, {});
  try {
    let position = 0;
    for (const block of moment.doc.getXmlFragment('default').toArray()) {
      const text = block instanceof Y.XmlElement ? block.toArray().map((child) => (child instanceof Y.XmlText ? child.toString() : '')).join('') : '';
      const at = text.indexOf(words);
      if (at >= 0) return anchorFromRange(moment.doc, position + 1 + at, position + 1 + at + words.length);
      position += text.length + 2;
    }
    throw new Error(`"${words}" is not in the document`);
  } finally {
    moment.doc.destroy();
  }
}

/** A comment by `as` on `words`; its id. */
export async function commentOn(server: TestServer, docId: string, as: TestUser, words: string, body: string): Promise<string> {
  const anchor = await anchorOnWords(server, docId, words);
  const made = await server.api('POST', `/api/docs/${docId}/threads`, { as, body: { kind: 'comment', body, anchor } });
  if (made.status !== 201) throw new Error(`comment not made: ${JSON.stringify(made.body)}`);
  return made.body.thread.id as string;
}

/** A suggestion by `as` to replace `words` with `replacement`; its id. */
export async function suggestOn(server: TestServer, docId: string, as: TestUser, words: string, replacement: string, body = ''): Promise<string> {
  const anchor = await anchorOnWords(server, docId, words);
  const made = await server.api('POST', `/api/docs/${docId}/threads`, { as, body: { kind: 'suggestion', replacement, body, anchor } });
  if (made.status !== 201) throw new Error(`suggestion not made: ${JSON.stringify(made.body)}`);
  return made.body.thread.id as string;
}

/** A named version of the document as it is now; its id. */
export async function nameVersion(server: TestServer, docId: string, as: TestUser, name: string): Promise<string> {
  const made = await server.api('POST', `/api/docs/${docId}/versions`, { as, body: { name } });
  if (made.status !== 201) throw new Error(`version not made: ${JSON.stringify(made.body)}`);
  return made.body.version.id as string;
}
