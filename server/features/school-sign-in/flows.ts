import type { Kysely, Selectable } from 'kysely';
import type { Database, OidcFlowsTable } from '../../db/schema';

export type Flow = Selectable<OidcFlowsTable>;

/** How long a sign-in may stay at the provider before its callback is refused. */
export const flowLifetimeMs = 10 * 60 * 1000;

/**
 * School sign-ins in flight, from the redirect to the provider until the
 * callback. The callback takes its flow by `state` and deletes it in the same
 * statement, so a replayed callback (the same code and state again) finds
 * nothing, even when two arrive at once.
 */
export class Flows {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number,
  ) {}

  async begin(flow: Omit<Flow, 'expires_at'>): Promise<void> {
    const now = this.now();
    // Flows abandoned at the provider are cleared here rather than by a timer.
    await this.db.deleteFrom('oidc_flows').where('expires_at', '<=', now).execute();
    await this.db.insertInto('oidc_flows').values({ ...flow, expires_at: now + flowLifetimeMs }).execute();
  }

  /** The flow of `state`, removed; null when there is none or it has expired. */
  async take(state: string): Promise<Flow | null> {
    const flow = await this.db.deleteFrom('oidc_flows').where('state', '=', state).returningAll().executeTakeFirst();
    if (!flow || flow.expires_at <= this.now()) return null;
    return flow;
  }
}
