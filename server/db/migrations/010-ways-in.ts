import type { Kysely } from 'kysely';
import type { DatabaseKind } from '../database';

/**
 * Ways in besides a password: school sign-in (OpenID Connect) and LMS
 * launches (LTI 1.3).
 *
 * An account made through either has no password: its `users.password_hash`
 * is the empty string, which matches no password (password.ts), so it signs
 * in only through its linked identities until it sets one.
 */
export async function up(db: Kysely<unknown>, _kind: DatabaseKind): Promise<void> {
  // Who an outside party says a user is: the ID token's (iss, sub) for both
  // kinds. `provider` is what settings show: the OIDC provider's configured
  // id, or the LMS platform's issuer.
  await db.schema
    .createTable('identities')
    .addColumn('kind', 'text', (c) => c.notNull()) // 'oidc' | 'lti'
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    // The email the provider gave at the last sign-in, for the settings list only.
    .addColumn('email', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['kind', 'issuer', 'subject'])
    .execute();
  await db.schema.createIndex('identities_user').on('identities').column('user_id').execute();

  // A school sign-in in flight, from the redirect to the provider until its
  // callback: found by `state`, deleted when the callback uses it, so a
  // replayed callback finds nothing.
  await db.schema
    .createTable('oidc_flows')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    // Where to go after signing in: an app path, never another origin.
    .addColumn('return_to', 'text', (c) => c.notNull())
    // Set when a signed-in user links another sign-in to their account.
    .addColumn('link_user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  // The tool's signing keys (RS256), as JWKs. The newest unretired key signs;
  // retired keys stay published in the JWKS for a while so tokens signed just
  // before a rotation still verify.
  await db.schema
    .createTable('lti_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retired_at', 'bigint')
    .execute();

  // Launch nonces, each accepted once until its token would have expired anyway.
  await db.schema
    .createTable('lti_nonces')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_nonces_pk', ['issuer', 'nonce'])
    .execute();

  // An LMS course (an LTI context) and the course it maps to, with the
  // service endpoints its last launch announced.
  await db.schema
    .createTable('lti_contexts')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('context_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    // Names and Roles: context_memberships_url; Assignment and Grade: lineitems URL and the granted scopes (JSON array).
    .addColumn('memberships_url', 'text')
    .addColumn('lineitems_url', 'text')
    .addColumn('ags_scopes', 'text')
    .addColumn('roster_synced_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_contexts_pk', ['issuer', 'deployment_id', 'context_id'])
    .execute();
  await db.schema.createIndex('lti_contexts_course').on('lti_contexts').column('course_id').execute();

  // A resource link placed in the LMS, and the assignment it opens (null: the course).
  await db.schema
    .createTable('lti_resource_links')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('deployment_id', 'text', (c) => c.notNull())
    .addColumn('resource_link_id', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('assignment_id', 'text', (c) => c.references('assignments.id').onDelete('set null'))
    // The Assignment and Grade line item that scores for this link go to.
    .addColumn('lineitem_url', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_resource_links_pk', ['issuer', 'deployment_id', 'resource_link_id'])
    .execute();

  // Course memberships that came from the LMS roster: a roster sync removes
  // only these, never people the instructor added by hand.
  await db.schema
    .createTable('lti_roster_members')
    .addColumn('course_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('synced_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lti_roster_members_pk', ['course_id', 'user_id'])
    .execute();
}
