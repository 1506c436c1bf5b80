import { queryOptions, useQuery } from '@tanstack/react-query';
import { call } from './endpoints';

/**
 * Query keys in one place, so that a mutation invalidates exactly what it
 * changed. Server state lives in TanStack Query's cache only.
 */
export const queryKeys = {
  me: ['me'] as const,
  /** True once the server ended the session, until the next sign-in clears the cache (auth/session-ended.ts). */
  sessionEnded: ['me', 'ended'] as const,
  groups: ['groups'] as const,
  /**
   * The home page's overview of groups, projects and documents. Under the
   * groups' key (ids never read "overview"), so whatever invalidates the
   * caller's groups (a new group, a joined one) refreshes it too.
   */
  home: ['groups', 'overview'] as const,
  group: (groupId: string) => ['groups', groupId] as const,
  members: (groupId: string) => ['groups', groupId, 'members'] as const,
  invites: (groupId: string) => ['groups', groupId, 'invites'] as const,
  projects: (groupId: string) => ['groups', groupId, 'projects'] as const,
  docs: (projectId: string) => ['projects', projectId, 'docs'] as const,
  doc: (docId: string) => ['docs', docId] as const,
  invitePreview: (code: string) => ['invites', code] as const,
  /** Whether a password reset link still works, and whose it is (auth/reset-password-page.tsx). */
  resetLink: (token: string) => ['password-reset', token] as const,
  /** Feedback: kept live by the document's thread stream. */
  threads: (docId: string) => ['docs', docId, 'threads'] as const,
  tags: (groupId: string) => ['groups', groupId, 'tags'] as const,
};

/**
 * The queries pages start before they render (app/page-data.ts: at start-up,
 * on hovering a link, on navigating), written once so that the prefetch and
 * the page's hook share key and fetch.
 */
export const pageQueries = {
  /**
   * Refetched whenever the page opens but for an answer just fetched (the
   * prefetch at start-up): a renamed or new document changes it from pages
   * that do not know the home page, and what was cached is shown meanwhile.
   */
  home: () => queryOptions({ queryKey: queryKeys.home, queryFn: () => call('GET /api/home'), staleTime: 2_000 }),
  doc: (docId: string) => queryOptions({ queryKey: queryKeys.doc(docId), queryFn: () => call('GET /api/docs/:docId', { params: { docId } }) }),
};

export const useHome = () => useQuery(pageQueries.home());
export const useGroups = () => useQuery({ queryKey: queryKeys.groups, queryFn: () => call('GET /api/groups', { query: { limit: 200 } }) });
export const useGroup = (groupId: string) =>
  useQuery({ queryKey: queryKeys.group(groupId), queryFn: () => call('GET /api/groups/:groupId', { params: { groupId } }) });
export const useMembers = (groupId: string) =>
  useQuery({ queryKey: queryKeys.members(groupId), queryFn: () => call('GET /api/groups/:groupId/members', { params: { groupId }, query: { limit: 200 } }) });
export const useInvites = (groupId: string, enabled: boolean) =>
  useQuery({ queryKey: queryKeys.invites(groupId), queryFn: () => call('GET /api/groups/:groupId/invites', { params: { groupId } }), enabled });
export const useProjects = (groupId: string) =>
  useQuery({ queryKey: queryKeys.projects(groupId), queryFn: () => call('GET /api/groups/:groupId/projects', { params: { groupId }, query: { limit: 200 } }) });
export const useDocs = (projectId: string) =>
  useQuery({ queryKey: queryKeys.docs(projectId), queryFn: () => call('GET /api/projects/:projectId/docs', { params: { projectId }, query: { limit: 200 } }) });
export const useDoc = (docId: string) => useQuery(pageQueries.doc(docId));
export const useInvitePreview = (code: string) =>
  useQuery({ queryKey: queryKeys.invitePreview(code), queryFn: () => call('GET /api/invites/:code', { params: { code } }) });
