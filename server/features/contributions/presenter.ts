import type { User } from '../../../shared/schemas/auth';
import type { ActivityDay, Contribution, Contributor } from '../../../shared/schemas/history';
import type { ActivityBucket, ContributorRecord } from './service';

/** A user whose account is gone still shows, by id, so totals add up. */
export function userOrPlaceholder(users: ReadonlyMap<string, User>, userId: string): User {
  return users.get(userId) ?? { id: userId, email: '', name: 'Former user' };
}

export function presentContribution(record: ContributorRecord): Contribution {
  const { totals, feedback } = record;
  return {
    inserted: totals?.inserted ?? 0,
    words: totals?.words ?? 0,
    pasted: totals?.pasted ?? 0,
    pastes: totals?.pastes ?? 0,
    deleted: totals?.deleted ?? 0,
    surviving: record.surviving,
    edits: totals?.edits ?? 0,
    sessions: totals?.sessions ?? 0,
    activeMinutes: totals?.activeMinutes ?? 0,
    firstActivity: totals?.firstAt ?? null,
    lastActivity: totals?.lastAt ?? null,
    feedbackGiven: feedback.threads + feedback.replies,
    feedbackReceived: feedback.received,
    feedback: { ...feedback },
  };
}

export function presentContributor(record: ContributorRecord, users: ReadonlyMap<string, User>): Contributor {
  return { user: userOrPlaceholder(users, record.userId), ...presentContribution(record) };
}

export function presentActivityDay(bucket: ActivityBucket): ActivityDay {
  return { date: bucket.date, userId: bucket.userId, edits: bucket.edits, inserted: bucket.inserted, deleted: bucket.deleted };
}
