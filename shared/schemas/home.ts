import { z } from 'zod';
import { id, timestamp } from './common';
import { assignmentStatus, team } from './courses';
import { groupForMember } from './groups';
import { doc, project } from './projects';

/**
 * The home page in one answer: the caller's groups (with their role and what
 * they may do), each group's projects and each project's documents, so that
 * the page needs one request rather than one per group and per project.
 * Each list is in the order of its own route (oldest first) and bounded by
 * `homeLimits`; a longer list says so with `more`, and its own route pages on.
 */
export const homeLimits = { groups: 200, projectsPerGroup: 200, docsPerProject: 200, assignments: 100, pastDueDays: 14 } as const;

export const homeProject = project.extend({ docs: z.array(doc), moreDocs: z.boolean() });
export type HomeProject = z.infer<typeof homeProject>;

export const homeGroup = groupForMember.extend({ projects: z.array(homeProject), moreProjects: z.boolean() });
export type HomeGroup = z.infer<typeof homeGroup>;

/**
 * An assignment of one of the caller's teams, for due dates and countdowns
 * on the home page: open ones and those due in the last `homeLimits.pastDueDays`
 * days, soonest due first. `docId` is the team's copy (null before it opens);
 * `dueAt` is the team's own due time (an extension included).
 */
export const homeAssignment = z.object({
  id,
  title: z.string(),
  course: z.object({ id, name: z.string() }),
  team,
  docId: id.nullable(),
  status: assignmentStatus,
  opensAt: timestamp,
  dueAt: timestamp,
  locked: z.boolean(),
  submittedAt: timestamp.nullable(),
});
export type HomeAssignment = z.infer<typeof homeAssignment>;

export const homeResponse = z.object({
  groups: z.array(homeGroup),
  moreGroups: z.boolean(),
  /** The caller's assignments as a learner in a team; absent when they have none. */
  assignments: z.array(homeAssignment).optional(),
});
export type HomeResponse = z.infer<typeof homeResponse>;
