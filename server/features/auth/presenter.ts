import type { User } from '../../../shared/schemas/auth';
import type { UserRow } from '../../db/schema';

/**
 * A user as the API shows it. Fields are picked, never spread from the row,
 * so a column added later (the password hash today) cannot leak by accident.
 */
export function presentUser(user: Pick<UserRow, 'id' | 'email' | 'name'>): User {
  return { id: user.id, email: user.email, name: user.name };
}
