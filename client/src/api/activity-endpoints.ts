import { call } from './endpoints';

/** Items the home page asks for at once (the server allows up to 200). */
export const feedPageSize = 50;

/** The first page of the caller's unseen items. */
export const readFeed = () => call('GET /api/feed', { query: { limit: feedPageSize } });
