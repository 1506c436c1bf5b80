import { z } from 'zod';
import type { Role } from '../../../shared/permissions';
import { AppError } from '../../errors';
import { type PlatformKey, type ServiceTokens, requireHttpUrl } from './service-token';

/** The most pages of one list followed: a platform whose `next` never ends is refused, not followed forever. */
export const maxServicePages = 200;

/** One person of an LMS roster, as the Names and Roles service gives them (only `user_id` and `roles` are required). */
const member = z.object({
  user_id: z.string().min(1).max(255),
  roles: z.array(z.string()).default([]),
  status: z.string().optional(),
  name: z.string().optional(),
  given_name: z.string().optional(),
  family_name: z.string().optional(),
  email: z.string().optional(),
  /** With the course groups service: the LMS groups this person is in. */
  group_enrollments: z.array(z.object({ group_id: z.string() })).optional(),
});
const membershipPage = z.object({ members: z.array(z.unknown()) });

export interface RosterPerson {
  subject: string;
  role: Role | null;
  active: boolean;
  name: string | null;
  email: string | null;
  groupIds: string[];
}

export const membershipMediaType = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';

/**
 * The course role an LTI role list maps to: Instructor and TeachingAssistant
 * (a sub-role of Instructor) run the course, Learner is a member; anything
 * else (a mentor, an administrator of the LMS) is null and not added.
 * Roles come as full URIs (`...membership#Instructor`,
 * `...membership/Instructor#TeachingAssistant`) or, from older platforms, short names.
 */
export function courseRole(roles: readonly string[]): Role | null {
  const held = new Set<string>();
  for (const role of roles) {
    // A role in the institution or the LMS itself says nothing of this course.
    if (role.includes('/system/') || role.includes('/institution/')) continue;
    const hash = role.lastIndexOf('#');
    held.add(hash >= 0 ? role.slice(hash + 1) : role.slice(role.lastIndexOf('/') + 1));
  }
  if (held.has('Instructor') || held.has('TeachingAssistant')) return 'instructor';
  if (held.has('Learner')) return 'member';
  return null;
}

/**
 * Every page of a list at `url`, following `Link: <...>; rel="next"` (the
 * paging of the Names and Roles and the course groups services) up to
 * `maxServicePages`; more is refused so a platform cannot keep the tool
 * fetching forever.
 */
export async function* servicePages(
  tokens: ServiceTokens,
  platform: PlatformKey,
  scopes: readonly string[],
  url: string,
  accept: string,
  what: string,
): AsyncGenerator<unknown> {
  const seen = new Set<string>();
  let next: string | null = url;
  while (next !== null) {
    if (seen.size >= maxServicePages || seen.has(next)) {
      throw new AppError('unavailable', `The LMS gave more than ${maxServicePages} pages of ${what}, or a page twice; nothing was changed.`);
    }
    seen.add(next);
    const answer = await tokens.call(platform, scopes, next, { accept, what });
    yield answer.body;
    const link = nextLink(answer.headers.get('link'), next);
    next = link === null ? null : requireHttpUrl(link, what).href;
  }
}

/** The whole roster of an LMS course from its Names and Roles service. */
export async function fetchRoster(tokens: ServiceTokens, platform: PlatformKey, membershipsUrl: string, scopes: readonly string[], withGroups = false): Promise<RosterPerson[]> {
  const url = new URL(requireHttpUrl(membershipsUrl, 'the course roster'));
  // The course groups service adds each person's groups to the roster when asked.
  if (withGroups) url.searchParams.set('groups', 'true');
  const people = new Map<string, RosterPerson>();
  for await (const body of servicePages(tokens, platform, scopes, url.href, membershipMediaType, 'the course roster')) {
    const page = membershipPage.safeParse(body);
    if (!page.success) throw new AppError('unavailable', 'The LMS answered the course roster without a list of members.');
    for (const item of page.data.members) {
      const parsed = member.safeParse(item);
      // A member the tool cannot read is left out rather than failing the whole roster.
      if (!parsed.success) continue;
      const m = parsed.data;
      const name = m.name?.trim() || [m.given_name, m.family_name].filter(Boolean).join(' ').trim() || null;
      people.set(m.user_id, {
        subject: m.user_id,
        role: courseRole(m.roles),
        active: m.status === undefined || m.status === 'Active',
        name,
        email: m.email?.trim() || null,
        groupIds: (m.group_enrollments ?? []).map((g) => g.group_id),
      });
    }
  }
  return [...people.values()];
}

/** The `rel="next"` target of a Link header, resolved against the page it came with. */
export function nextLink(header: string | null, base: string): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '')?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (rels.includes('next')) return new URL(match[1]!, base).href;
  }
  return null;
}
