import { pageQuery } from '../schemas/common';
import { homeResponse } from '../schemas/home';
import * as projects from '../schemas/projects';
import type { RouteTable } from './route-table';

/** A group's projects and their documents; a document's content syncs over the socket (./system.ts). */
export const projectsApi = {
  'GET /api/home': { summary: "The caller's groups, each with its projects and their documents, in one answer (the home page)", response: homeResponse },
  'POST /api/groups/:groupId/projects': { summary: 'Create a project', body: projects.createProjectBody, response: projects.projectResponse, status: 201 },
  'GET /api/groups/:groupId/projects': { summary: 'The group’s projects', query: pageQuery, response: projects.projectsResponse },
  'GET /api/projects/:projectId': { summary: 'One project', response: projects.projectResponse },
  'POST /api/projects/:projectId/docs': { summary: 'Create a document', body: projects.createDocBody, response: projects.createdDocResponse, status: 201 },
  'GET /api/projects/:projectId/docs': { summary: 'The project’s documents', query: pageQuery, response: projects.docsResponse },
  'GET /api/docs/:docId': { summary: 'A document with its project, group and the caller’s role', response: projects.docResponse },
  'PATCH /api/docs/:docId': { summary: 'Rename a document', body: projects.renameDocBody, response: projects.docResponse },
} as const satisfies RouteTable;
