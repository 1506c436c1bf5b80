import type { AnnotationTag } from '../../../shared/schemas/threads';
import type { AnnotationTagRow } from '../../db/schema';

export function presentTag(tag: AnnotationTagRow): AnnotationTag {
  return { id: tag.id, name: tag.name, archived: tag.archived_at !== null, createdAt: tag.created_at };
}
