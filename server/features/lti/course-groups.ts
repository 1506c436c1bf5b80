import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { TeamsFromGroupsResult } from '../../../shared/schemas/lti';
import type { Database } from '../../db/schema';
import { conflict } from '../../errors';
import type { Teams } from '../courses/teams';
import { ltiClaims } from './claims';
import { fetchRoster, servicePages } from './roster-sync-members';
import { ltiScopes, type ServiceTokens } from './service-token';

const groupsMediaType = 'application/vnd.ims.lti-gs.v1.contextgroupcontainer+json';
const groupsPage = z.object({ groups: z.array(z.unknown()) });
const lmsGroup = z.object({ id: z.string().min(1), name: z.string() });

/** The course's groups URL a launch's claims offer, or null when they offer none (or not over http(s)). */
export function groupsServiceUrl(claims: Record<string, unknown>): string | null {
  const claim = z.object({ context_groups_url: z.string() }).safeParse(claims[ltiClaims.groupsService]);
  if (!claim.success) return null;
  try {
    const url = new URL(claim.data.context_groups_url);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Teams seeded from the LMS's groups, where the platform offers the course
 * groups service: a team per group, named after it, holding the group's
 * members who are learners of the course (a learner in two LMS groups goes
 * to the first, since a learner has one team). A group whose team exists
 * (by name) is left alone, so seeding twice makes nothing twice. Teams are
 * made through the Teams service, so the course's instructors are in each
 * and each gets its copies of open assignments.
 */
export class CourseGroups {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tokens: ServiceTokens,
    private readonly teams: Teams,
  ) {}

  async teamsFromGroups(courseId: string, by: string): Promise<TeamsFromGroupsResult> {
    const contexts = await this.db
      .selectFrom('lti_contexts')
      .selectAll()
      .where('course_id', '=', courseId)
      .where('groups_url', 'is not', null)
      .where('memberships_url', 'is not', null)
      .execute();
    if (contexts.length === 0) throw conflict('The LMS offers no groups for this course: make teams here instead.');

    // Each LMS group in order, with the learners of the course in it.
    const groups: { name: string; subjects: { issuer: string; subject: string }[] }[] = [];
    for (const context of contexts) {
      const platform = { issuer: context.issuer, clientId: context.client_id };
      const scopes = [ltiScopes.memberships, ltiScopes.groups];
      const byId = new Map<string, (typeof groups)[number]>();
      for await (const body of servicePages(this.tokens, platform, scopes, context.groups_url!, groupsMediaType, 'the course’s groups')) {
        for (const item of groupsPage.safeParse(body).data?.groups ?? []) {
          const group = lmsGroup.safeParse(item);
          if (!group.success || byId.has(group.data.id)) continue;
          const entry = { name: group.data.name.trim().slice(0, 120) || `Group ${group.data.id}`.slice(0, 120), subjects: [] };
          byId.set(group.data.id, entry);
          groups.push(entry);
        }
      }
      const roster = await fetchRoster(this.tokens, platform, context.memberships_url!, scopes, true);
      for (const person of roster) {
        if (!person.active || person.role !== 'member') continue;
        for (const groupId of person.groupIds) byId.get(groupId)?.subjects.push({ issuer: context.issuer, subject: person.subject });
      }
    }

    return this.teams.transaction(async (within) => {
      const { trx } = within;
      const learners = new Map<string, string>();
      for (const row of await trx
        .selectFrom('identities')
        .innerJoin('memberships', 'memberships.user_id', 'identities.user_id')
        .select(['identities.issuer', 'identities.subject', 'identities.user_id'])
        .where('identities.kind', '=', 'lti')
        .where('memberships.group_id', '=', courseId)
        .where('memberships.role', '=', 'member')
        .execute()) {
        learners.set(`${row.issuer}\n${row.subject}`, row.user_id);
      }
      const names = new Set((await trx.selectFrom('groups').select('name').where('parent_id', '=', courseId).execute()).map((team) => team.name));
      const placed = new Set<string>();
      const result: TeamsFromGroupsResult = { created: [], existing: 0 };
      for (const group of groups) {
        if (names.has(group.name)) {
          result.existing += 1;
          continue;
        }
        names.add(group.name);
        const memberIds: string[] = [];
        for (const { issuer, subject } of group.subjects) {
          const userId = learners.get(`${issuer}\n${subject}`);
          if (userId === undefined || placed.has(userId)) continue;
          placed.add(userId);
          memberIds.push(userId);
        }
        const team = await this.teams.create(courseId, by, { name: group.name, memberIds }, within);
        result.created.push({ id: team.id, name: team.name, members: memberIds.length });
      }
      return result;
    });
  }
}
