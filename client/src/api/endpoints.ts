import { z } from 'zod';
// Imported per module, not from the schemas index: the index also holds the
// feedback schemas, which bring Yjs into every page.
import {
  userResponse,
  type LoginBody,
  type PasswordChangeBody,
  type SignupBody,
} from '../../../shared/schemas/auth';
import {
  group,
  groupResponse,
  groupsResponse,
  inviteResponse,
  invitePreviewResponse,
  invitesResponse,
  membersResponse,
  type ChangeRoleBody,
  type CreateGroupBody,
  type CreateInviteBody,
} from '../../../shared/schemas/groups';
import {
  createdDocResponse,
  docResponse,
  docsResponse,
  projectResponse,
  projectsResponse,
  type CreateDocBody,
  type CreateProjectBody,
} from '../../../shared/schemas/projects';
import { request } from './http';

/** Answers whose body we do not read (204, or an echo we refetch anyway). */
const ignored = z.unknown();
/** The creator is the instructor; the list is refetched for the role. */
const createdGroupResponse = z.object({ group });
const joinedResponse = z.object({ group: group.pick({ id: true, name: true }) });

const segment = encodeURIComponent;

/**
 * The one typed client of the REST API (SPEC.md, "Contract"). Every call is
 * checked against the schema in shared/ that the server validates with.
 */
export const api = {
  auth: {
    me: () => request('GET', '/api/auth/me', userResponse),
    signup: (body: SignupBody) => request('POST', '/api/auth/signup', userResponse, body),
    login: (body: LoginBody) => request('POST', '/api/auth/login', userResponse, body),
    logout: () => request('POST', '/api/auth/logout', ignored),
    changePassword: (body: PasswordChangeBody) => request('POST', '/api/auth/password', ignored, body),
  },
  groups: {
    list: () => request('GET', '/api/groups?limit=200', groupsResponse),
    get: (groupId: string) => request('GET', `/api/groups/${segment(groupId)}`, groupResponse),
    create: (body: CreateGroupBody) => request('POST', '/api/groups', createdGroupResponse, body),
    members: (groupId: string) => request('GET', `/api/groups/${segment(groupId)}/members?limit=200`, membersResponse),
    changeRole: (groupId: string, userId: string, body: ChangeRoleBody) =>
      request('PATCH', `/api/groups/${segment(groupId)}/members/${segment(userId)}`, ignored, body),
    removeMember: (groupId: string, userId: string) =>
      request('DELETE', `/api/groups/${segment(groupId)}/members/${segment(userId)}`, ignored),
  },
  invites: {
    list: (groupId: string) => request('GET', `/api/groups/${segment(groupId)}/invites`, invitesResponse),
    create: (groupId: string, body: CreateInviteBody) =>
      request('POST', `/api/groups/${segment(groupId)}/invites`, inviteResponse, body),
    revoke: (groupId: string, code: string) =>
      request('DELETE', `/api/groups/${segment(groupId)}/invites/${segment(code)}`, ignored),
    preview: (code: string) => request('GET', `/api/invites/${segment(code)}`, invitePreviewResponse),
    accept: (code: string) => request('POST', `/api/invites/${segment(code)}/accept`, joinedResponse),
  },
  projects: {
    list: (groupId: string) => request('GET', `/api/groups/${segment(groupId)}/projects?limit=200`, projectsResponse),
    get: (projectId: string) => request('GET', `/api/projects/${segment(projectId)}`, projectResponse),
    create: (groupId: string, body: CreateProjectBody) =>
      request('POST', `/api/groups/${segment(groupId)}/projects`, projectResponse, body),
  },
  docs: {
    list: (projectId: string) => request('GET', `/api/projects/${segment(projectId)}/docs?limit=200`, docsResponse),
    get: (docId: string) => request('GET', `/api/docs/${segment(docId)}`, docResponse),
    create: (projectId: string, body: CreateDocBody) =>
      request('POST', `/api/projects/${segment(projectId)}/docs`, createdDocResponse, body),
    rename: (docId: string, body: CreateDocBody) => request('PATCH', `/api/docs/${segment(docId)}`, createdDocResponse, body),
  },
};
