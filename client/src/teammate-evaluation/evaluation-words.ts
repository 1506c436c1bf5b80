import type { EvaluationFlag } from '../../../shared/schemas/teammate-evaluation';

/**
 * The evaluation's figures and flags in words, as the instructor's table
 * and the learner's result say them. Each flag's rule is the server's
 * (docs/contract.md); the words say what it means for a person reading.
 */
export const flagText: Record<EvaluationFlag, string> = {
  'team-of-one': 'Team of one: nobody else to rate them, so no adjustment (factor 1).',
  'overrates-self': 'Rates themselves much higher (1 point or more) than their teammates rate them.',
  'rated-low-by-all': 'Every teammate who rated them gave under 3 of 5.',
  clique: 'Part of a group rating each other high (4.5 or more) and the rest of the team low (2.5 or less).',
  'uniform-rater': 'Gave everyone, themselves included, the very same scores.',
};

/** A short label for a flag in a crowded cell; `flagText` says it in full. */
export const flagLabel: Record<EvaluationFlag, string> = {
  'team-of-one': 'Team of one',
  'overrates-self': 'Rates self high',
  'rated-low-by-all': 'Rated low by all',
  clique: 'Clique',
  'uniform-rater': 'Same scores for all',
};

/** An average of 1 to 5 to two decimals, or a dash when there is none. */
export const averageText = (value: number | null): string => (value === null ? '–' : value.toFixed(2));

/** A share of 0 to 1 as a whole percentage, or a dash. */
export const shareText = (value: number | null): string => (value === null ? '–' : `${Math.round(value * 100)}%`);
