import type { Editor } from '@tiptap/core';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useChangesSinceVisit } from '../api/activity-queries';
import { call } from '../api/endpoints';
import { When } from '../threads/when';
import { WritingSpan } from './writing-span';
import { changeStops, wordChanges, type ChangeStop } from './change-stops';
import { scrollToSection, scrollToSectionWhenShown } from './section-heading';
import { showSinceVisit } from './since-visit-highlights';
import '../styles/activity.css';

/**
 * "What changed since your last visit", above a document: others'
 * editing sessions since the reader last opened it, to step through section
 * by section, with the text they inserted highlighted in the editor until
 * the banner is dismissed. The visit is recorded once the changes are read,
 * so the next opening compares with this one. Also follows the feed's
 * section links (`?section=<heading>`).
 */
export function ChangesSinceVisit({ docId, editor }: { docId: string; editor: Editor }) {
  const changes = useChangesSinceVisit(docId);
  const [dismissed, setDismissed] = useState(false);
  const [current, setCurrent] = useState<number | null>(null);
  const visited = useRef(false);
  const editorRoot = () => (editor.isDestroyed ? null : editor.view.dom);
  useSectionLink(editorRoot);

  useEffect(() => {
    if (!changes.isSuccess || visited.current) return;
    visited.current = true;
    // A failed visit only means the next opening compares with an older one.
    call('POST /api/docs/:docId/visit', { params: { docId } }).catch(() => undefined);
  }, [changes.isSuccess, docId]);

  const data = changes.data;
  const shown = !!data && !dismissed && data.since !== null && (data.changes.length > 0 || data.ongoing.length > 0);
  const inserted = shown ? data.inserted : null;
  useEffect(() => {
    if (!inserted?.length) return;
    showSinceVisit(editor, inserted);
    return () => showSinceVisit(editor, null);
  }, [editor, inserted]);

  if (!shown || data.since === null) return null;

  const stops = changeStops(data.changes);
  const goTo = (index: number) => {
    const stop = stops[index];
    const root = editorRoot();
    if (!stop || !root) return;
    setCurrent(index);
    scrollToSection(root, stop.heading);
  };
  const currentStop = current === null ? null : stops[current];

  return (
    <section className="changes-since-visit" aria-labelledby="changes-title">
      <div className="changes-head">
        <h2 id="changes-title">What changed since your last visit</h2>
        <span className="muted small">
          Last visit <When at={data.since.at} />
        </span>
      </div>
      {data.changes.length > 0 && (
        <ul className="changes-list">
          {data.changes.map((change) => (
            <li key={change.id} aria-current={currentStop?.change.id === change.id ? 'true' : undefined}>
              <ChangeLine change={change} stops={stops} onStep={goTo} />
            </li>
          ))}
        </ul>
      )}
      {data.ongoing.length > 0 && (
        <p className="small">
          {data.ongoing.map((edit) => edit.user.name).join(', ')} {data.ongoing.length === 1 ? 'is' : 'are'} editing now.
        </p>
      )}
      <div className="changes-steps">
        {stops.length > 0 && (
          <>
            <button type="button" className="button small" onClick={() => goTo(current === null ? stops.length - 1 : Math.max(0, current - 1))} disabled={current === 0}>
              Previous change
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => goTo(current === null ? 0 : Math.min(stops.length - 1, current + 1))}
              disabled={current === stops.length - 1}
            >
              Next change
            </button>
            <span className="small muted" role="status">
              {currentStop ? `${current! + 1} of ${stops.length}: ${currentStop.change.actor.name} in ${sectionName(currentStop)}` : `${stops.length} ${stops.length === 1 ? 'change' : 'changes'}`}
            </span>
          </>
        )}
        <button type="button" className="button quiet small" onClick={() => setDismissed(true)}>
          Dismiss
        </button>
      </div>
    </section>
  );
}

function sectionName(stop: ChangeStop): string {
  return stop.heading === null ? 'the opening' : `“${stop.heading}”`;
}

/** Who changed what: their words in and out, and the sections, each a step. */
function ChangeLine({ change, stops, onStep }: { change: ChangeStop['change']; stops: ChangeStop[]; onStep: (index: number) => void }) {
  const { added, removed } = wordChanges(change);
  const own = stops.map((stop, index) => ({ stop, index })).filter(({ stop }) => stop.change.id === change.id);
  return (
    <>
      <strong>{change.actor.name}</strong>{' '}
      <span className="changes-words">
        {added && <span className="changes-added">{added}</span>}
        {added && removed && ', '}
        {removed && <span className="changes-removed">{removed}</span>}
        {!added && !removed && 'small edits'}
      </span>
      {own.length > 0 && ' in '}
      {own.map(({ stop, index }, i) => (
        <span key={stop.key}>
          {i > 0 && ', '}
          <button type="button" className="link-button" onClick={() => onStep(index)}>
            {stop.heading ?? 'the opening'}
          </button>
        </span>
      ))}
      {' · '}
      <span className="muted small">
        {change.edit ? <WritingSpan from={change.edit.startedAt} to={change.edit.endedAt} /> : <When at={change.at} />}
      </span>
    </>
  );
}

/** Follows a feed link to a section (`?section=<heading>`) once the document's text is there. */
function useSectionLink(editorRoot: () => HTMLElement | null) {
  const [params] = useSearchParams();
  const section = params.get('section');
  const rootRef = useRef(editorRoot);
  useEffect(() => {
    rootRef.current = editorRoot;
  });
  useEffect(() => {
    const root = rootRef.current();
    if (section === null || !root) return;
    return scrollToSectionWhenShown(root, section);
  }, [section]);
}
