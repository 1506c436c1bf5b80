import { bodySegments } from '../../../shared/mentions';
import type { Person } from '../../../shared/schemas/threads';

interface FeedbackTextProps {
  body: string;
  /** The people the body mentions, with their current names (from the server). */
  mentions: readonly Person[];
  /** The reader: mentions of them stand out. */
  viewerId: string;
}

/**
 * A thread or reply body, rendered as text, so it is safe to show live: each
 * segment of shared/mentions.ts becomes a text node, a mention chip or a
 * link whose text is its address. React escapes every string it renders, and
 * nothing here sets HTML, so markup in a body shows as the characters typed.
 */
export function FeedbackText({ body, mentions, viewerId }: FeedbackTextProps) {
  const names = new Map(mentions.map((person) => [person.id, person.name]));
  return (
    <p className="feedback-text">
      {bodySegments(body).map((segment, index) => {
        switch (segment.type) {
          case 'text':
            return <span key={index}>{segment.text}</span>;
          case 'mention': {
            const isViewer = segment.userId === viewerId;
            const name = names.get(segment.userId) ?? segment.name;
            return (
              <span
                key={index}
                className={isViewer ? 'mention mention-you' : 'mention'}
                data-user-id={segment.userId}
                title={isViewer ? 'You were mentioned' : undefined}
              >
                @{name}
                {isViewer && <span className="visually-hidden"> (you)</span>}
              </span>
            );
          }
          case 'link':
            return (
              <a key={index} href={segment.url} target="_blank" rel="noopener noreferrer nofollow">
                {segment.url}
              </a>
            );
        }
      })}
    </p>
  );
}
