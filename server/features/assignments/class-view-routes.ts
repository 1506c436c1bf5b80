import { Hono } from 'hono';
import { z } from 'zod';
import { classViewQuery, type ClassViewResponse, shareLimits } from '../../../shared/schemas/class-view';
import { id } from '../../../shared/schemas/common';
import type { Domain } from '../../domain';
import { notFound } from '../../errors';
import { type AppEnv, requirePrincipal } from '../../http/env';
import { route } from '../../http/route';
import { pathParams, query } from '../../http/validate';
import { unansweredAfterMs } from '../activity/team-health';
import { classFeedback, classReportCsv } from './class-csv';
import { quietAfterMs } from './class-view';
import { presentAssignment } from './presenter';

const assignmentPath = z.object({ assignmentId: id });

/**
 * The class view of an assignment, for those who run the course (its
 * instructors: `manageMembers` in the course). A learner of the course is
 * refused (403); anyone outside it learns nothing, not even that the
 * assignment exists (404).
 */
export function classViewRoutes({ access, classView, store }: Pick<Domain, 'access' | 'classView' | 'store'>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  route(app, 'GET /api/assignments/:assignmentId/class', async (c) => {
    const { user } = requirePrincipal(c);
    const { assignmentId } = pathParams(c, assignmentPath);
    const { format } = query(c, classViewQuery);
    const assignment = await store.db.selectFrom('assignments').selectAll().where('id', '=', assignmentId).executeTakeFirst();
    if (!assignment) throw notFound('This assignment');
    await access.requireGroup(user.id, assignment.course_id, 'manageMembers', 'This assignment');
    const teams = await classView.teams(assignment);
    if (format === 'csv') {
      const docIds = teams.flatMap((team) => (team.docId === null ? [] : [team.docId]));
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', 'attachment; filename="class.csv"');
      return c.body(classReportCsv(teams, await classFeedback(store.db, docIds)));
    }
    return c.json({
      assignment: presentAssignment(assignment),
      teams: teams.map(({ members, ...team }) => ({
        ...team,
        members: members.map((member) => ({
          user: { id: member.userId, name: member.name, email: member.email },
          surviving: member.surviving,
          words: member.words,
          share: member.share,
          shareFlag: member.shareFlag,
          lastActivity: member.lastActivity,
          quiet: member.quiet,
        })),
      })),
      limits: { shareUnder: shareLimits.under, shareOver: shareLimits.over, quietAfterMs, unansweredAfterMs },
    } satisfies ClassViewResponse);
  });

  return app;
}
