import { ApiError } from '../api/api-error';

/**
 * What a refused save or submit says about its fields. The server names
 * each field by its path ("answers.1.level", "criteria.0.levels.2.points");
 * the forms show each message beside the field it names.
 */

/** The server's field problems by path, as sent. */
export function serverFieldPaths(error: unknown): Record<string, string> {
  return error instanceof ApiError && error.status === 400 ? { ...error.fields } : {};
}

/**
 * The criteria a refused submit names, by index: each path under
 * "answers.N" is criterion N. A message the server gave for the whole
 * answer list or none at all leaves the map empty (the form then shows the
 * error as a whole).
 */
export function criteriaProblems(error: unknown): Map<number, string> {
  const problems = new Map<number, string>();
  for (const [path, message] of Object.entries(serverFieldPaths(error))) {
    const match = /^answers\.(\d+)(?:\.|$)/.exec(path);
    if (match) {
      const index = Number(match[1]);
      if (!problems.has(index)) problems.set(index, message);
    }
  }
  return problems;
}
