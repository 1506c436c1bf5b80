import { filePath, type ImageMediaType, type StoredFile } from '../../../shared/schemas/files';
import type { FileRow } from '../../db/schema';

export function presentFile(row: FileRow): StoredFile {
  return {
    id: row.id,
    docId: row.doc_id,
    mediaType: row.media_type as ImageMediaType,
    byteSize: row.byte_size,
    width: row.width,
    height: row.height,
    src: filePath(row.id),
    createdAt: row.created_at,
  };
}
