import type { ReactNode } from 'react';
import '../styles/empty-state.css';

/** The small line drawings an empty place can show; each is decoration (aria-hidden). */
export type EmptyStateIcon = 'docs' | 'groups' | 'feedback' | 'activity' | 'history' | 'people' | 'invite' | 'search';

/**
 * What an empty page or panel shows: a small drawing, a title saying what is
 * missing, a line or two on what to do next (children), and the actions that
 * do it. `compact` is for a place inside a panel (the feedback beside the
 * text); `headingLevel` keeps the page's outline right.
 */
export function EmptyState({
  icon,
  title,
  children,
  actions,
  compact = false,
  headingLevel = 2,
}: {
  icon: EmptyStateIcon;
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  compact?: boolean;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className={compact ? 'empty-state empty-state-compact' : 'empty-state'} data-empty-state={icon}>
      <svg className="empty-state-art" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
        <circle className="empty-state-disc" cx="32" cy="32" r="30" />
        <g fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round">
          {drawings[icon]}
        </g>
      </svg>
      <Heading className="empty-state-title">{title}</Heading>
      {children && <div className="empty-state-body">{children}</div>}
      {actions && <div className="empty-state-actions">{actions}</div>}
    </div>
  );
}

const drawings: Record<EmptyStateIcon, ReactNode> = {
  docs: (
    <>
      <path d="M22 14h15l9 9v27H22z" />
      <path d="M37 14v9h9M27 31h13M27 37h13M27 43h8" />
    </>
  ),
  groups: (
    <>
      <circle cx="25" cy="26" r="6" />
      <circle cx="40" cy="26" r="6" />
      <path d="M14 46c1-7 5.5-10 11-10s10 3 11 10M31 41c1.6-3.3 4.8-5 9-5 5.5 0 10 3 11 10" />
    </>
  ),
  feedback: (
    <>
      <path d="M16 18h32v20H30l-8 7v-7h-6z" />
      <path d="M23 26h18M23 31h11" />
    </>
  ),
  activity: (
    <>
      <path d="M14 34h8l5-12 7 22 5-14 3 4h8" />
    </>
  ),
  history: (
    <>
      <circle cx="32" cy="32" r="15" />
      <path d="M32 23v10l6 4M17 25v-7M17 25h7" />
    </>
  ),
  people: (
    <>
      <circle cx="32" cy="24" r="7" />
      <path d="M19 47c1.5-8 6.5-12 13-12s11.5 4 13 12" />
    </>
  ),
  invite: (
    <>
      <path d="M15 22h34v22H15z" />
      <path d="m15 22 17 13 17-13" />
    </>
  ),
  search: (
    <>
      <circle cx="29" cy="29" r="10" />
      <path d="m37 37 10 10" />
    </>
  ),
};
