import type { User } from '../../../shared/schemas/auth';

export interface SessionInfo {
  id: string;
  userId: string;
  createdAt: number;
  lastVerifiedAt: number;
}

/** Who is asking: the signed-in user and the session they asked with. */
export interface Principal {
  user: User;
  session: SessionInfo;
}
