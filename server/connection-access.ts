import type { Role } from '../shared/permissions';
import type { AccessEvent } from './access-events';

/**
 * What an access event (access-events.ts) means for one long-lived
 * connection (a document's sync socket, a feedback stream, the feed stream),
 * decided here once for all of them. Each kind of connection only maps the
 * answer to its own way of ending: a close code, a stream's end reason.
 */

/**
 * Why a connection must end:
 * - `session-ended`: its session ended (logout, expiry, password change);
 *   signing in again is the only way back.
 * - `access-revoked`: its holder left the group it is scoped to.
 * - `role-changed`: its holder's role in that group changed; reconnecting
 *   opens it again with the new rights.
 * - `admission-expired`: it was admitted so long before it opened that the
 *   events in between are forgotten (AdmissionWindow), or this instance may
 *   have missed events while its bus was away; reconnecting has its access
 *   checked again.
 */
export type AccessEnd = 'session-ended' | 'access-revoked' | 'role-changed' | 'admission-expired';

/**
 * What a connection is scoped to: one group, with the role it was opened
 * with (a document's socket or feedback stream); or every group of its
 * holder (the feed), which membership changes do not end: its owner follows
 * them instead.
 */
export type ConnectionScope = { groupId: string; role: Role } | { roles: ReadonlyMap<string, Role> };

/** Who holds a connection: checked once, when it opened. */
export type ConnectionHolder = { userId: string; sessionId: string } & ConnectionScope;

/** Why `event` ends a connection held by `holder`, or null to keep it. */
export function accessVerdict(event: AccessEvent, holder: ConnectionHolder): AccessEnd | null {
  switch (event.type) {
    case 'sessions-ended':
      return event.sessionIds.includes(holder.sessionId) ? 'session-ended' : null;
    case 'user-sessions-ended':
      return event.userId === holder.userId && event.keepSessionId !== holder.sessionId ? 'session-ended' : null;
    case 'membership-changed':
      if (!('groupId' in holder) || event.groupId !== holder.groupId || event.userId !== holder.userId) return null;
      if (event.role === null) return 'access-revoked';
      return event.role !== holder.role ? 'role-changed' : null;
    case 'events-missed':
      return 'admission-expired';
  }
}

/** An admission ticket: taken before a connection's access is checked, handed back when it opens. */
export type AdmissionTicket = number;

export interface AdmissionLimits {
  /** How long an event is kept for connections admitted before it. */
  keepMs: number;
  /** How many events are kept at most. */
  maxEvents: number;
}

export const defaultAdmissionLimits: AdmissionLimits = { keepMs: 60_000, maxEvents: 10_000 };

/**
 * The access events heard lately, numbered, so that none slips in between a
 * connection's access check and its opening: the ticket taken before the
 * check tells which events came after it, and those are judged when the
 * connection opens. A ticket needs no release, so an admission refused or
 * abandoned on the way costs nothing. Events are forgotten after
 * `keepMs` or beyond `maxEvents`; a connection whose ticket is older than
 * what was forgotten is judged `admission-expired`.
 */
export class AdmissionWindow {
  readonly #recent: { seq: number; at: number; event: AccessEvent }[] = [];
  #seq = 0;
  /** Events up to this number were forgotten. */
  #forgottenSeq = 0;

  constructor(
    private readonly limits: AdmissionLimits = defaultAdmissionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  ticket(): AdmissionTicket {
    return this.#seq;
  }

  /** Remembers an event for the connections admitted before it. */
  hear(event: AccessEvent): void {
    const now = this.now();
    this.#recent.push({ seq: ++this.#seq, at: now, event });
    while (
      this.#recent.length > this.limits.maxEvents ||
      (this.#recent.length > 0 && this.#recent[0]!.at < now - this.limits.keepMs)
    ) {
      this.#forgottenSeq = this.#recent.shift()!.seq;
    }
  }

  /**
   * The first end `judge` finds among the events heard since `ticket`
   * (in the order they were heard), or null when none ends the connection.
   */
  missed(ticket: AdmissionTicket, judge: (event: AccessEvent) => AccessEnd | null): AccessEnd | null {
    if (ticket < this.#forgottenSeq) return 'admission-expired';
    for (const { seq, event } of this.#recent) {
      if (seq <= ticket) continue;
      const end = judge(event);
      if (end) return end;
    }
    return null;
  }
}
