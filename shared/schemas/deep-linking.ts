import { z } from 'zod';
import { id } from './common';

/**
 * LTI deep linking: an instructor placing Commonplace in an LMS module picks
 * an assignment of the course (or creates one) on the picker page, and the
 * LMS gets a link to it.
 */

/** The picker page's path: the waiting request's id, and the course whose assignments it offers. */
export const deepLinkPickerPath = (requestId: string, courseId: string) =>
  `/lti/deep-link/${encodeURIComponent(requestId)}?course=${encodeURIComponent(courseId)}`;

/**
 * The pick, posted by the picker page as an HTML form (a navigation, not a
 * fetch): the answer is a page that carries the link on to the LMS.
 */
export const deepLinkPickBody = z.strictObject({ assignmentId: id });
export type DeepLinkPickBody = z.infer<typeof deepLinkPickBody>;

/** A waiting request's id: random, 32 base32 characters. */
export const deepLinkRequestId = z.string().regex(/^[a-z2-7]{32}$/, 'Not a deep linking request');
