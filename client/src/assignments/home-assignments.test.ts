import { describe, expect, it } from 'vitest';
import type { AssignmentStatus } from '../../../shared/schemas/courses';
import { homeOrder, type HomeAssignmentItem } from './home-assignments';

const day = 24 * 60 * 60 * 1000;
const now = Date.parse('2026-12-01T12:00:00Z');
const item = (title: string, status: AssignmentStatus, dueAt: number): HomeAssignmentItem => ({
  assignment: { id: title.padEnd(16, 'x'), title },
  course: { id: 'coursexxxxxxxxxx', name: 'Biology 101' },
  team: { id: 'teamxxxxxxxxxxxx', name: 'Team Otter' },
  status,
  dueAt,
});

describe('the assignments on home', () => {
  it('lists work still to hand in first, soonest due first, then what is handed in or closed, latest first', () => {
    const items = [
      item('Essay', 'submitted', now + 3 * day),
      item('Poster', 'in-progress', now + 5 * day),
      item('Quiz', 'locked', now - day),
      item('Lab', 'not-started', now + day),
      item('Late lab', 'late', now - 2 * day),
    ];
    expect(homeOrder(items).map((entry) => entry.assignment.title)).toEqual(['Late lab', 'Lab', 'Poster', 'Essay', 'Quiz']);
  });
});
