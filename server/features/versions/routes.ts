import { Hono } from 'hono';
import { z } from 'zod';
import { type DocNode, isTextNode } from '../../../shared/document-nodes';
import { can, type Role } from '../../../shared/permissions';
import { id, pageQuery } from '../../../shared/schemas/common';
import {
  type CompareResponse,
  compareQuery,
  createVersionBody,
  documentAtQuery,
  type DocumentAt,
  renameVersionBody,
  type RestoreResponse,
  type TimelineResponse,
  type Version,
  type VersionResponse,
  type VersionsResponse,
  type VersionViewResponse,
} from '../../../shared/schemas/history';
import type { Domain } from '../../domain';
import { forbidden } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { readBudget } from '../../http/read-budget';
import { jsonBody, pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import type { MemberNames } from '../access/member-names';
import { namedIn, presentMoment, presentVersion, treeFor } from './presenter';
import type { Moment, VersionRecord } from './service';

const docPath = z.object({ docId: id });
const versionPath = z.object({ docId: id, versionId: id });

/**
 * A document's history: its versions, the timeline to scrub through, the
 * document at any moment, comparisons, and restoring a version as a new edit. Whoever may read the document may read
 * its history; editors make, name and restore versions; instructors schedule
 * locked deadline versions. Who wrote what is shown to those who may see
 * contribution reports (presenter.ts).
 */
export function versionRoutes({
  access,
  versions,
  contributions,
  docLocks,
  config,
  rateLimiters,
}: Pick<Domain, 'access' | 'versions' | 'contributions' | 'docLocks' | 'config' | 'rateLimiters'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Rebuilding a document from its history is the expensive part: each such read spends the reader's budget.
  const spendRead = readBudget(config.rateLimits, rateLimiters);

  const ownersFor = (role: Role, docId: string) => (can(role, 'viewContributions') ? contributions.owners(docId) : Promise.resolve(null));

  const momentFor = async (role: Role, docId: string, moment: Moment): Promise<DocumentAt> => {
    const content = treeFor(moment.doc, await ownersFor(role, docId));
    const users = await contributions.people(namedIn(content));
    const presented = presentMoment(moment, content, users);
    moment.doc.destroy();
    return presented;
  };

  route(app, 'GET /api/docs/:docId/versions', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group } = await access.requireDoc(user.id, docId, 'read');
    const page = await versions.list(docId, query(c, pageQuery));
    const names = await access.names(group.id, user.id);
    return c.json({ versions: page.items.map((version) => shownVersion(version, names)), nextCursor: page.nextCursor } satisfies VersionsResponse);
  });

  route(app, 'POST /api/docs/:docId/versions', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { role } = await access.requireDoc(user.id, docId, 'edit');
    const body = await jsonBody(c, createVersionBody);
    if (body.at !== undefined && !can(role, 'lockVersions')) throw forbidden('Only instructors schedule deadline versions.');
    const version = await versions.create(docId, user.id, body);
    return c.json({ version: presentVersion(version) } satisfies VersionResponse, 201);
  });

  route(app, 'GET /api/docs/:docId/versions/:versionId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId, versionId } = pathParams(c, versionPath);
    const { group, role } = await access.requireDoc(user.id, docId, 'read');
    await spendRead(user.id);
    const { version, moment } = await versions.open(docId, versionId);
    const names = await access.names(group.id, user.id);
    return c.json({ version: shownVersion(version, names), ...(await momentFor(role, docId, moment)) } satisfies VersionViewResponse);
  });

  route(app, 'PATCH /api/docs/:docId/versions/:versionId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId, versionId } = pathParams(c, versionPath);
    await access.requireDoc(user.id, docId, 'edit');
    const { name } = await jsonBody(c, renameVersionBody);
    const version = await versions.rename(docId, versionId, name);
    return c.json({ version: presentVersion(version) } satisfies VersionResponse);
  });

  route(app, 'DELETE /api/docs/:docId/versions/:versionId', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId, versionId } = pathParams(c, versionPath);
    const { role } = await access.requireDoc(user.id, docId, 'edit');
    await versions.remove(docId, versionId, can(role, 'lockVersions'));
    return c.body(null, 204);
  });

  route(app, 'POST /api/docs/:docId/versions/:versionId/restore', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId, versionId } = pathParams(c, versionPath);
    const { role } = await access.requireDoc(user.id, docId, 'edit');
    await docLocks.requireWritable(docId, role);
    const restored = await versions.restore(docId, versionId, user.id);
    return c.json({ version: presentVersion(restored.version), lastUpdateId: restored.lastUpdateId } satisfies RestoreResponse);
  });

  route(app, 'GET /api/docs/:docId/timeline', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { role } = await access.requireDoc(user.id, docId, 'read');
    const named = can(role, 'viewContributions');
    const steps = await versions.timeline(docId);
    const users = named ? await contributions.people(steps.flatMap((step) => step.editors.map((e) => e.userId))) : new Map();
    return c.json({
      steps: steps.map((step) => ({ ...step, editors: named ? step.editors : [] })),
      users: [...users.values()],
    } satisfies TimelineResponse);
  });

  route(app, 'GET /api/docs/:docId/timeline/at', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { role } = await access.requireDoc(user.id, docId, 'read');
    const at = query(c, documentAtQuery);
    await spendRead(user.id);
    const moment = await versions.at(docId, at);
    return c.json((await momentFor(role, docId, moment)) satisfies DocumentAt);
  });

  route(app, 'GET /api/docs/:docId/compare', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { group, role } = await access.requireDoc(user.id, docId, 'read');
    const names = await access.names(group.id, user.id);
    const { from, to } = query(c, compareQuery);
    await spendRead(user.id);
    const compared = await versions.compare(docId, from, to);
    const owners = await ownersFor(role, docId);
    const content = treeFor(compared.comparison.doc, owners, compared.comparison.view);
    compared.comparison.doc.destroy();
    const users = await contributions.people(namedIn(content));
    const side = (s: typeof compared.from) => ({
      point: s.point,
      version: s.version && shownVersion(s.version, names),
      lastUpdateId: s.lastUpdateId,
      at: s.at,
    });
    return c.json({
      from: side(compared.from),
      to: side(compared.to),
      content,
      changes: owners ? changesIn(content) : [],
      authors: [...users.values()],
    } satisfies CompareResponse);
  });

  return app;
}

/** A version with its maker named as the caller may know them in the group (member-names.ts). */
function shownVersion(version: VersionRecord, names: MemberNames): Version {
  const presented = presentVersion(version);
  return { ...presented, createdBy: presented.createdBy && names.person(presented.createdBy) };
}

/** Characters inserted (by who wrote them) and deleted (by who deleted them) in a comparison. */
function changesIn(nodes: readonly DocNode[]): CompareResponse['changes'] {
  const changes = new Map<string, { userId: string; inserted: number; deleted: number }>();
  const entry = (userId: string) => {
    let found = changes.get(userId);
    if (!found) changes.set(userId, (found = { userId, inserted: 0, deleted: 0 }));
    return found;
  };
  const visit = (children: readonly DocNode[]) => {
    for (const node of children) {
      if (!isTextNode(node)) visit(node.content);
      else if (node.change === 'insert' && node.author) entry(node.author).inserted += node.text.length;
      else if (node.change === 'delete' && node.deletedBy) entry(node.deletedBy).deleted += node.text.length;
    }
  };
  visit(nodes);
  return [...changes.values()];
}
