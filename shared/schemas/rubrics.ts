import { z } from 'zod';
import { id, timestamp, title } from './common';

/**
 * Rubrics: made by a course's instructors and reused across its
 * assignments' peer reviews. A rubric is a title and criteria; each
 * criterion has levels, each level a label, a description and its points.
 * Stored whole as one definition (validated by `rubricDefinition` on the
 * way in and out), exported and imported as JSON with a format version so
 * a later format can still read an older file.
 */

export const rubricLimits = {
  criteria: { min: 1, max: 20 },
  levels: { min: 2, max: 10 },
  titleLength: 200,
  labelLength: 100,
  descriptionLength: 2000,
  maxPoints: 1000,
} as const;

/** Free text that may hold line breaks; trimmed, bounded, empty when left out. */
const description = z
  .string()
  .trim()
  .max(rubricLimits.descriptionLength, `At most ${rubricLimits.descriptionLength} characters`)
  .refine((text) => !/\p{Cc}/u.test(text.replace(/[\n\r\t]/g, '')), 'No control characters but line breaks and tabs')
  .default('');

export const rubricLevel = z.strictObject({
  label: title(rubricLimits.labelLength),
  description,
  /** Whole or half points, 0 to 1000. */
  points: z.number().min(0).max(rubricLimits.maxPoints).multipleOf(0.5, 'Whole or half points'),
});

export const rubricCriterion = z
  .strictObject({
    title: title(rubricLimits.titleLength),
    description,
    levels: z
      .array(rubricLevel)
      .min(rubricLimits.levels.min, `At least ${rubricLimits.levels.min} levels`)
      .max(rubricLimits.levels.max, `At most ${rubricLimits.levels.max} levels`),
  })
  .superRefine((criterion, ctx) => {
    // Two levels worth the same points would make a score that cannot say which level was chosen.
    const seen = new Map<number, number>();
    criterion.levels.forEach((level, index) => {
      const first = seen.get(level.points);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['levels', index, 'points'], message: `The same points as level ${first + 1}: each level of a criterion is worth different points` });
      } else seen.set(level.points, index);
    });
  });

export const rubricDefinition = z.strictObject({
  title: title(rubricLimits.titleLength),
  criteria: z
    .array(rubricCriterion)
    .min(rubricLimits.criteria.min, `At least ${rubricLimits.criteria.min} criterion`)
    .max(rubricLimits.criteria.max, `At most ${rubricLimits.criteria.max} criteria`),
});
export type RubricDefinition = z.output<typeof rubricDefinition>;
export type RubricDefinitionInput = z.input<typeof rubricDefinition>;

export const createRubricBody = rubricDefinition;
export const updateRubricBody = z
  .strictObject({
    title: rubricDefinition.shape.title.optional(),
    criteria: rubricDefinition.shape.criteria.optional(),
  })
  .refine((edit) => edit.title !== undefined || edit.criteria !== undefined, 'Give a title, criteria or both');

/** The highest score the rubric gives: the top level of every criterion. */
export function rubricMaxPoints(definition: RubricDefinition): number {
  return definition.criteria.reduce((sum, criterion) => sum + Math.max(...criterion.levels.map((level) => level.points)), 0);
}

export const rubric = z.object({
  id,
  courseId: id,
  title: z.string(),
  criteria: z.array(
    z.object({
      title: z.string(),
      description: z.string(),
      levels: z.array(z.object({ label: z.string(), description: z.string(), points: z.number() })),
    }),
  ),
  maxPoints: z.number(),
  /** How many assignments' peer reviews use it: it cannot be deleted while any does. */
  usedBy: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Rubric = z.infer<typeof rubric>;
export const rubricResponse = z.object({ rubric });
export type RubricResponse = z.infer<typeof rubricResponse>;
export const rubricsResponse = z.object({ rubrics: z.array(rubric) });
export type RubricsResponse = z.infer<typeof rubricsResponse>;

/** What identifies an exported rubric file, and the version of its shape. */
export const rubricFileFormat = 'commonplace-rubric';
export const rubricFileVersion = 1;

/** A rubric as a JSON file: exported from one course, imported into another (or the same). */
export const rubricFile = z.strictObject({
  format: z.literal(rubricFileFormat, `Not a rubric file: "format" is "${rubricFileFormat}" in one`),
  version: z.literal(rubricFileVersion, `Version ${rubricFileVersion} of the rubric file is the one read here`),
  rubric: rubricDefinition,
});
export type RubricFile = z.input<typeof rubricFile>;
