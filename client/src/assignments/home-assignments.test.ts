import { describe, expect, it } from 'vitest';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import type { HomeAssignment } from '../../../shared/schemas/home';
import { homeOrder } from './home-assignments';

const day = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-12-01T12:00:00Z');
const item = (title: string, status: AssignmentStatus, dueAt: number, done: { submittedAt?: number; locked?: boolean } = {}): HomeAssignment => ({
  id: title.padEnd(16, 'x'),
  title,
  course: { id: 'coursexxxxxxxxxx', name: 'Biology 101' },
  team: { id: 'teamxxxxxxxxxxxx', name: 'Team Otter', parentId: 'coursexxxxxxxxxx' },
  docId: null,
  status,
  opensAt: now - 7 * day,
  dueAt,
  locked: done.locked ?? false,
  submittedAt: done.submittedAt ?? null,
});

describe('the assignments on home', () => {
  it('lists work still to hand in first, soonest due first, then what is handed in or locked, latest due first', () => {
    const items = [
      item('Essay', 'submitted', now + 3 * day, { submittedAt: now }),
      item('Poster', 'in-progress', now + 5 * day),
      item('Quiz', 'locked', now - day, { locked: true }),
      item('Lab', 'not-started', now + day),
      item('Late lab', 'late', now - 2 * day),
      item('Late essay', 'late', now - 3 * day, { submittedAt: now - day }),
    ];
    expect(homeOrder(items).map((entry) => entry.title)).toEqual(['Late lab', 'Lab', 'Poster', 'Essay', 'Quiz', 'Late essay']);
  });
});
