import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AppEnv } from '../../http/env';
import type { Access } from '../access/access';
import { type CourseOf, refuseChangeInArchivedCourse } from './course-writes';

/** Guards one of `courseWritePaths` (course-writes.ts): a change under it waits for the course's archive check. */
export function refuseWritesInArchivedCourse(db: Kysely<Database>, access: Access, courseOf: CourseOf): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !principal) return next();
    const courseId = await courseOf(db, c.req.param('id') ?? '');
    if (courseId !== undefined) await refuseChangeInArchivedCourse(db, await access.roleIn(principal.user.id, courseId), courseId);
    return next();
  };
}
