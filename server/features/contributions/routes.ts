import { Hono } from 'hono';
import { z } from 'zod';
import { authorShares } from '../../../shared/authorship';
import { can } from '../../../shared/permissions';
import { id } from '../../../shared/schemas/common';
import {
  type ActivityResponse,
  activityQuery,
  type AuthorsResponse,
  type AuthorshipResponse,
  type ContributionsResponse,
  type GroupContributionsResponse,
  groupContributionsQuery,
} from '../../../shared/schemas/history';
import type { Domain } from '../../domain';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { readBudget } from '../../http/read-budget';
import { pathParams, query } from '../../http/validate';
import { route } from '../../http/route';
import { pasteThreshold } from '../../sync/edit-tally';
import { groupReportCsv } from './csv';
import { presentActivityDay, presentContribution, presentContributor, userOrPlaceholder } from './presenter';

const docPath = z.object({ docId: id });
const groupPath = z.object({ groupId: id });

/**
 * Contribution reports: per document and per group, activity for a heatmap,
 * and authorship (who wrote each part of the document now). All of it is contribution data: instructors and members see
 * it (learners see what instructors see), reviewers do not.
 */
export function contributionRoutes({
  access,
  contributions,
  groups,
  config,
  rateLimiters,
}: Pick<Domain, 'access' | 'contributions' | 'groups' | 'config' | 'rateLimiters'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // A group's report reads every document of the group, authorship rebuilds one: each spends the reader's budget.
  const spendRead = readBudget(config.rateLimits, rateLimiters);

  route(app, 'GET /api/docs/:docId/contributions', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    const { role } = await access.requireDoc(user.id, docId, 'viewContributions');
    const report = await contributions.forDoc(docId, can(role, 'readPrivateFeedback'));
    const users = await contributions.people(report.contributors.map((r) => r.userId));
    return c.json({
      contributors: report.contributors.map((record) => presentContributor(record, users)),
      documentCharacters: report.documentCharacters,
      pasteThreshold,
    } satisfies ContributionsResponse);
  });

  route(app, 'GET /api/docs/:docId/activity', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'viewContributions');
    const { utcOffset } = query(c, activityQuery);
    const days = await contributions.activity([docId], utcOffset);
    const users = await contributions.people(days.map((day) => day.userId));
    return c.json({ days: days.map(presentActivityDay), users: [...users.values()] } satisfies ActivityResponse);
  });

  route(app, 'GET /api/groups/:groupId/contributions', async (c) => {
    const { user } = requirePrincipal(c);
    const { groupId } = pathParams(c, groupPath);
    const role = await access.requireGroup(user.id, groupId, 'viewContributions');
    const { format, utcOffset } = query(c, groupContributionsQuery);
    await spendRead(user.id);
    const group = await groups.get(groupId);
    const report = await contributions.forGroup(groupId, can(role, 'readPrivateFeedback'), utcOffset);
    const users = await contributions.people([
      ...report.members.map((m) => m.userId),
      ...report.documents.flatMap((d) => d.contributions.contributors.map((r) => r.userId)),
    ]);
    const body: GroupContributionsResponse = {
      group: { id: group.id, name: group.name },
      members: report.members.map((member) => ({
        user: userOrPlaceholder(users, member.userId),
        role: member.role,
        ...presentContribution(member),
      })),
      documents: report.documents.map(({ doc, project, contributions: found }) => ({
        doc: { id: doc.id, title: doc.title, project },
        contributors: found.contributors.map((record) => presentContributor(record, users)),
        documentCharacters: found.documentCharacters,
      })),
      activity: report.activity.map((bucket) => ({ docId: bucket.docId, ...presentActivityDay(bucket) })),
      pasteThreshold,
    };
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="contributions.csv"');
      return c.body(groupReportCsv(body));
    }
    return c.json(body);
  });

  route(app, 'GET /api/docs/:docId/authorship', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'viewContributions');
    await spendRead(user.id);
    const { content } = await contributions.authorship(docId);
    const shares = authorShares(content).filter((share): share is { author: string; characters: number } => share.author !== null);
    const users = await contributions.people(shares.map((share) => share.author));
    return c.json({
      content,
      authors: shares.map((share) => ({ user: userOrPlaceholder(users, share.author), characters: share.characters })),
    } satisfies AuthorshipResponse);
  });

  route(app, 'GET /api/docs/:docId/authors', async (c) => {
    const { user } = requirePrincipal(c);
    const { docId } = pathParams(c, docPath);
    await access.requireDoc(user.id, docId, 'viewContributions');
    const byUser = new Map<string, number[]>();
    for (const [clientId, userId] of await contributions.owners(docId)) {
      const list = byUser.get(userId);
      if (list) list.push(clientId);
      else byUser.set(userId, [clientId]);
    }
    const users = await contributions.people(byUser.keys());
    return c.json({
      authors: [...byUser].map(([userId, clientIds]) => ({ user: userOrPlaceholder(users, userId), clientIds: clientIds.sort((a, b) => a - b) })),
    } satisfies AuthorsResponse);
  });

  return app;
}
