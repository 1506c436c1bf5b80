import * as files from '../schemas/files';
import * as projects from '../schemas/projects';
import type { RouteTable } from './route-table';

/** Images uploaded into documents, and Word documents imported as new ones. Bodies are the raw file bytes, not multipart. */
export const filesApi = {
  'POST /api/docs/:docId/files': {
    summary: 'Upload an image into a document (checked by content, metadata stripped)',
    consumes: 'image/png, image/jpeg, image/gif, image/webp',
    response: files.fileResponse,
    status: 201,
  },
  'GET /api/files/:fileId': { summary: 'A file, for members of its document’s group', produces: 'image/png, image/jpeg, image/gif, image/webp' },
  'POST /api/projects/:projectId/docs/import': {
    summary: 'Start a document from a Word file (.docx)',
    consumes: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    query: projects.importDocQuery,
    response: projects.createdDocResponse,
    status: 201,
  },
} as const satisfies RouteTable;
