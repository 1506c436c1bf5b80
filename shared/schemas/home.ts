import { z } from 'zod';
import { groupForMember } from './groups';
import { doc, project } from './projects';

/**
 * The home page in one answer: the caller's groups (with their role and what
 * they may do), each group's projects and each project's documents, so that
 * the page needs one request rather than one per group and per project.
 * Each list is in the order of its own route (oldest first) and bounded by
 * `homeLimits`; a longer list says so with `more`, and its own route pages on.
 */
export const homeLimits = { groups: 200, projectsPerGroup: 200, docsPerProject: 200 } as const;

export const homeProject = project.extend({ docs: z.array(doc), moreDocs: z.boolean() });
export type HomeProject = z.infer<typeof homeProject>;

export const homeGroup = groupForMember.extend({ projects: z.array(homeProject), moreProjects: z.boolean() });
export type HomeGroup = z.infer<typeof homeGroup>;

export const homeResponse = z.object({ groups: z.array(homeGroup), moreGroups: z.boolean() });
export type HomeResponse = z.infer<typeof homeResponse>;
