import { useState } from 'react';
import { JoinInvite } from './join-invite';
import { StartProject } from './start-project';

/** An empty home: the two ways in, side by side, each ready to fill in. */
export function FirstSteps() {
  return (
    <div className="first-steps">
      <StartProject />
      <JoinInvite />
    </div>
  );
}

/**
 * On a home that has groups already: the same two ways in, behind buttons,
 * so that starting another project or joining another team stays one click
 * away without crowding the learner's documents.
 */
export function StartOrJoin() {
  const [open, setOpen] = useState<'start' | 'join' | null>(null);
  return (
    <>
      <div className="home-starts">
        <button type="button" className="button small primary" aria-expanded={open === 'start'} onClick={() => setOpen(open === 'start' ? null : 'start')}>
          Start a team project
        </button>
        <button type="button" className="button small" aria-expanded={open === 'join'} onClick={() => setOpen(open === 'join' ? null : 'join')}>
          Join with an invite link
        </button>
      </div>
      {open && (
        <div className="home-start-panel">
          {open === 'start' ? <StartProject onCancel={() => setOpen(null)} /> : <JoinInvite />}
        </div>
      )}
    </>
  );
}
