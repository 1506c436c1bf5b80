import { useEffect, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';

/** What each client publishes under `user` in awareness (the server sets the real name). */
export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

export interface Present extends PresenceUser {
  /** Yjs client ids of this user's open tabs. */
  clientIds: number[];
  isSelf: boolean;
}

function asPresenceUser(value: unknown): PresenceUser | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, name, color } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  return { id: typeof id === 'string' ? id : name, name, color };
}

/** Who has the document open, one entry per person however many tabs they use. */
export function presentUsers(awareness: Awareness): Present[] {
  const byUser = new Map<string, Present>();
  for (const [clientId, state] of awareness.getStates()) {
    const user = asPresenceUser((state as Record<string, unknown>).user);
    if (!user) continue;
    const isSelf = clientId === awareness.clientID;
    const known = byUser.get(user.id);
    if (known) {
      known.clientIds.push(clientId);
      known.isSelf ||= isSelf;
    } else {
      byUser.set(user.id, { ...user, clientIds: [clientId], isSelf });
    }
  }
  return [...byUser.values()].sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

export function usePresence(awareness: Awareness): Present[] {
  const [present, setPresent] = useState(() => presentUsers(awareness));
  useEffect(() => {
    const update = () => setPresent(presentUsers(awareness));
    update();
    awareness.on('change', update);
    return () => awareness.off('change', update);
  }, [awareness]);
  return present;
}
