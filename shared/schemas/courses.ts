import { z } from 'zod';
import { user } from './auth';
import { id, timestamp, title } from './common';
import { role } from './groups';
import { doc } from './projects';

/**
 * Courses, teams and assignments. A course is a group holding a whole
 * class; a team is a group inside it (`parentId` is the course's id). The
 * course's instructors are instructors of each of its teams.
 */

export const team = z.object({ id, name: z.string(), parentId: id });
export type Team = z.infer<typeof team>;

export const teamMember = z.object({ user, role });
export type TeamMember = z.infer<typeof teamMember>;

/** A team with its members (the course's instructors are not listed: they are in every team). */
export const teamWithMembers = team.extend({ members: z.array(teamMember) });
export type TeamWithMembers = z.infer<typeof teamWithMembers>;

/** At most this many teams in one course and members named in one request. */
export const courseLimits = { maxTeams: 500, maxMembersPerRequest: 500 } as const;

export const createTeamBody = z.strictObject({
  name: title(120),
  /** Learners of the course to put in the team (each leaves the team they were in). */
  memberIds: z.array(id).max(courseLimits.maxMembersPerRequest).optional(),
});
export type CreateTeamBody = z.input<typeof createTeamBody>;

export const teamResponse = z.object({ team });
export type TeamResponse = z.infer<typeof teamResponse>;

/**
 * Whether learners may pick their team themselves, and up to what size;
 * `maxTeamSize: null`: they may not (an instructor places them).
 */
export const selfSignup = z.object({ maxTeamSize: z.number().int().nullable() });
export type SelfSignup = z.infer<typeof selfSignup>;

/**
 * Every team of the course with its members. Members of the course see the
 * whole list (as a class's group list does); what they cannot see is
 * another team's documents.
 */
export const teamsResponse = z.object({ teams: z.array(teamWithMembers), selfSignup });
export type TeamsResponse = z.infer<typeof teamsResponse>;

export const teamWithMembersResponse = z.object({ team: teamWithMembers });
export type TeamWithMembersResponse = z.infer<typeof teamWithMembersResponse>;

export const renameTeamBody = z.strictObject({ name: title(120) });
export type RenameTeamBody = z.input<typeof renameTeamBody>;

/**
 * Puts someone of the course in a team: as `member` (a learner; they leave
 * the team they were in, and what they wrote stays theirs) or as `reviewer`
 * of this team's work (they read and give feedback, and keep their own team).
 */
export const placeTeamMemberBody = z.strictObject({
  userId: id,
  role: z.enum(['member', 'reviewer']).default('member'),
});
export type PlaceTeamMemberBody = z.input<typeof placeTeamMemberBody>;

/** Turns self-sign-up on with a cap on team size, or off (`null`). */
export const selfSignupBody = z.strictObject({
  maxTeamSize: z.number().int().min(1).max(courseLimits.maxMembersPerRequest).nullable(),
});
export type SelfSignupBody = z.input<typeof selfSignupBody>;
export const selfSignupResponse = z.object({ selfSignup });
export type SelfSignupResponse = z.infer<typeof selfSignupResponse>;

/** An ISO 8601 time with its offset (`2026-12-01T17:00:00Z`), read as milliseconds since the epoch. */
export const isoTime = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

/**
 * Where a team stands on an assignment:
 * - `not-started`: its copy has no writing by a member yet;
 * - `in-progress`: members wrote, nothing is submitted and the due time is ahead
 *   (or late work is accepted and it has not come yet);
 * - `submitted`: submitted by the due time;
 * - `late`: submitted after the due time, or not submitted and past it when late work is accepted;
 * - `locked`: past the due time with `lockAtDue`, not submitted.
 */
export const assignmentStatuses = ['not-started', 'in-progress', 'submitted', 'late', 'locked'] as const;
export const assignmentStatus = z.enum(assignmentStatuses);
export type AssignmentStatus = z.infer<typeof assignmentStatus>;

export const assignmentLimits = { instructionsChars: 20_000, templateChars: 500_000 } as const;

export const createAssignmentBody = z.strictObject({
  title: title(200),
  /** Markdown. */
  instructions: z.string().max(assignmentLimits.instructionsChars).default(''),
  /** Markdown each team's copy starts from. */
  template: z.string().max(assignmentLimits.templateChars).optional(),
  /** A document of the course each team's copy starts from, instead of `template`. */
  templateDocId: id.optional(),
  /** When the teams get their copies; now when absent. */
  opensAt: isoTime.optional(),
  dueAt: isoTime,
  /** Lock each copy for its members at the due time; otherwise late work is accepted, marked late. */
  lockAtDue: z.boolean().default(false),
});
export type CreateAssignmentBody = z.input<typeof createAssignmentBody>;

/**
 * An edit of an assignment: the fields to change, and the revision the
 * editor started from; when someone else changed it meanwhile, the edit is
 * refused (409) rather than overwriting their change unseen.
 */
export const updateAssignmentBody = z.strictObject({
  revision: z.number().int().min(1),
  title: title(200).optional(),
  instructions: z.string().max(assignmentLimits.instructionsChars).optional(),
  opensAt: isoTime.optional(),
  dueAt: isoTime.optional(),
  lockAtDue: z.boolean().optional(),
});
export type UpdateAssignmentBody = z.input<typeof updateAssignmentBody>;

export const assignment = z.object({
  id,
  courseId: id,
  title: z.string(),
  instructions: z.string(),
  hasTemplate: z.boolean(),
  opensAt: timestamp,
  dueAt: timestamp,
  lockAtDue: z.boolean(),
  /** Increases with every edit; an edit names the one it started from. */
  revision: z.number().int(),
  createdAt: timestamp,
});
export type Assignment = z.infer<typeof assignment>;

export const assignmentResponse = z.object({ assignment });
export type AssignmentResponse = z.infer<typeof assignmentResponse>;
export const assignmentsResponse = z.object({ assignments: z.array(assignment) });
export type AssignmentsResponse = z.infer<typeof assignmentsResponse>;

export const submission = z.object({
  assignmentId: id,
  teamId: id,
  versionId: z.string(),
  submittedBy: user,
  submittedAt: timestamp,
  late: z.boolean(),
});
export type Submission = z.infer<typeof submission>;
export const submissionResponse = z.object({ submission });
export type SubmissionResponse = z.infer<typeof submissionResponse>;

/** One team's place in an assignment: its copy (null before the assignment opens) and status. */
export const assignmentTeam = z.object({
  team,
  doc: doc.nullable(),
  status: assignmentStatus,
  /** This team's due time (the assignment's, or its extension). */
  dueAt: timestamp,
  locked: z.boolean(),
  submission: submission.nullable(),
});
export type AssignmentTeam = z.infer<typeof assignmentTeam>;

/** An assignment with every team for an instructor; a learner gets only their own team. */
export const assignmentDetailResponse = z.object({ assignment, teams: z.array(assignmentTeam) });
export type AssignmentDetailResponse = z.infer<typeof assignmentDetailResponse>;
