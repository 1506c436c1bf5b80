import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AnchorRange } from '../../../shared/anchors';
import type { User } from '../../../shared/schemas/auth';
import { useTags, useThreads } from '../api/feedback-queries';
import { useMembers } from '../api/queries';
import type { CollaborationSession } from '../doc/collaboration-session';
import { DecideAllSuggestions } from '../suggesting/decide-all';
import { EmptyState } from '../ui/empty-state';
import { useFeedbackAnnouncements } from './feedback-announcements';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { useFeedbackDrawer } from './feedback-drawer';
import { FeedbackScopeContext, type FeedbackScope } from './feedback-scope';
import { NewThreadForm } from './new-thread-form';
import { SuggestInsertionButton } from './suggest-insertion';
import { ThreadCard } from './thread-card';
import { useThreadFeed, type FeedStatus } from './thread-feed';
import { ThreadFilterBar } from './thread-filter-bar';
import { countFeedback, matchesFilter, noFilter, placeThreads, type ThreadFilter } from './thread-filters';
import { activateThread, highlightsOf, setFeedbackDraft, setHighlightedThreads, type FeedbackDraft } from './thread-highlights';

const feedWords: Record<FeedStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Live updates stopped',
};

interface PanelDoc {
  id: string;
  group: { id: string };
  can: { giveFeedback: boolean };
}

interface Placement {
  activeId: string | null;
  /** Taps on highlights so far: each opens the feedback drawer on one column. */
  taps: number;
  draft: FeedbackDraft | null;
  ranges: ReadonlyMap<string, AnchorRange | null>;
  /** Changes only when the order of threads in the text, or which are detached, does. */
  signature: string;
}

function placementOf(editor: Editor): Placement {
  const state = highlightsOf(editor.state);
  const ranges = state?.ranges ?? new Map<string, AnchorRange | null>();
  const order = [...ranges]
    .sort(([a, first], [b, second]) => (first?.from ?? Infinity) - (second?.from ?? Infinity) || (a < b ? -1 : 1))
    .map(([id, range]) => (range ? id : `${id}:detached`));
  return { activeId: state?.activeId ?? null, taps: state?.taps ?? 0, draft: state?.draft ?? null, ranges, signature: order.join(',') };
}

const samePlacement = (a: Placement, b: Placement | null) =>
  b !== null && a.activeId === b.activeId && a.taps === b.taps && a.draft === b.draft && a.signature === b.signature;

/**
 * The feedback beside the document: the form for a new thread, filters with
 * counts, threads in the order of their text, and detached threads apart.
 * The list is live (thread-feed.ts) and the text shows each open thread as a
 * highlight (thread-highlights.ts); clicking one selects the other. What the
 * reader may do is what the document and each thread say (their `can`).
 * On one column (a phone) the panel is a drawer that opens at the highlight
 * tapped (feedback-drawer.ts).
 */
export function ThreadsPanel({ editor, doc, user, session }: { editor: Editor; doc: PanelDoc; user: User; session: CollaborationSession }) {
  const threads = useThreads(doc.id);
  const feed = useThreadFeed(doc.id);
  const members = useMembers(doc.group.id);
  const tags = useTags(doc.group.id);
  const [filter, setFilter] = useState<ThreadFilter>(noFilter);
  const placement = useEditorState({ editor, selector: ({ editor: e }) => placementOf(e), equalityFn: samePlacement });
  const settled = useSyncExternalStore(session.tracker.subscribe, () => session.tracker.getSnapshot().everSynced);
  const list = useRef<HTMLDivElement>(null);
  const drawer = useFeedbackDrawer(editor, { ...placement, drafting: placement.draft !== null });

  const all = useMemo(() => threads.data?.threads ?? [], [threads.data]);
  useFeedbackAnnouncements(threads.data?.threads, user.id);
  const counts = useMemo(() => countFeedback(all), [all]);
  const shown = useMemo(() => all.filter((thread) => matchesFilter(thread, filter)), [all, filter]);
  const { listed, detached } = placeThreads(shown, placement.ranges, settled);

  // The text shows the open threads the filters let through, and the open thread selected in the panel.
  const activeId = placement.activeId;
  useEffect(() => {
    setHighlightedThreads(
      editor,
      all
        .filter((thread) => thread.deletedAt === null)
        .map((thread) => ({
          id: thread.id,
          kind: thread.kind,
          anchor: thread.anchor,
          replacement: thread.replacement,
          author: thread.author,
          shown: thread.status === 'open' && (matchesFilter(thread, filter) || thread.id === activeId),
        })),
    );
  }, [editor, all, filter, activeId]);

  // A thread clicked in the text comes into view in the panel (the drawer scrolls itself).
  const isDrawer = drawer.isDrawer;
  useEffect(() => {
    if (!placement.activeId || isDrawer) return;
    list.current?.querySelector(`[data-thread-id="${CSS.escape(placement.activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [placement.activeId, isDrawer]);
  const openCount = counts.byStatus.open;

  const scope = useMemo<FeedbackScope>(
    () => ({
      docId: doc.id,
      groupId: doc.group.id,
      viewer: { id: user.id, name: user.name },
      editor,
      ydoc: session.doc,
      members:
        members.data?.members.map((member) => ({
          id: member.user.id,
          name: member.user.name,
          role: member.role,
          readsPrivateFeedback: member.readsPrivateFeedback,
        })) ?? [],
      tags: tags.data?.tags ?? [],
    }),
    [doc.id, doc.group.id, user.id, user.name, editor, session.doc, members.data, tags.data],
  );

  // After posting, the focus goes to the new thread (once the list holds it); after cancelling, back to the text.
  const focusNext = useRef<string | null>(null);
  const finishDraft = (threadId: string | null) => {
    setFeedbackDraft(editor, null);
    focusNext.current = threadId;
    if (threadId) activateThread(editor, threadId);
    else editor.commands.focus();
  };
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    // Never take the focus from where the person has gone meanwhile (the text, another form).
    const focused = document.activeElement;
    if (focused && focused !== document.body) {
      focusNext.current = null;
      return;
    }
    const card = list.current?.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(id)}"]`);
    if (!card) return;
    focusNext.current = null;
    card.focus();
  }, [all]);

  return (
    <FeedbackScopeContext.Provider value={scope}>
      <aside
        ref={drawer.panel}
        className={drawer.isDrawer ? `threads-panel is-drawer${drawer.open ? ' is-open' : ''}` : 'threads-panel'}
        aria-labelledby="threads-title"
        tabIndex={drawer.isDrawer ? -1 : undefined}
      >
        <div className="threads-head">
          <h2 id="threads-title">Feedback</h2>
          {doc.can.giveFeedback && <SuggestInsertionButton editor={editor} ydoc={session.doc} />}
          <span className={`feed-status feed-${feed}`} role="status">
            {feedWords[feed]}
          </span>
          {drawer.isDrawer && (
            <button type="button" className="icon-button drawer-close" aria-label="Close feedback" title="Close (Esc)" onClick={drawer.close}>
              <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
                <path d="M6 6l12 12M18 6 6 18" />
              </svg>
            </button>
          )}
        </div>
        {placement.draft ? (
          <NewThreadForm key={`${placement.draft.kind}:${placement.draft.anchor.start}:${placement.draft.anchor.end}`} draft={placement.draft} onDone={finishDraft} />
        ) : (
          <p className="muted small feedback-hint">
            Select text in the document, then choose <strong>Comment</strong>, <strong>Annotate</strong> or <strong>Suggest</strong>
            {doc.can.giveFeedback && (
              <>
                ; or place the caret and choose <strong>Suggest insertion</strong>
              </>
            )}
            .
          </p>
        )}
        <DecideAllSuggestions docId={doc.id} threads={all} />
        {threads.isPending && <Loading label="Loading feedback…" />}
        {threads.isError && <InlineError error={threads.error} />}
        {all.length > 0 && (
          <ThreadFilterBar filter={filter} onChange={setFilter} counts={counts} tags={scope.tags} total={all.filter((t) => t.deletedAt === null).length} />
        )}
        <div ref={list} className="thread-list">
          {threads.isSuccess && all.length === 0 && (
            <EmptyState icon="feedback" title="No feedback on this document yet" headingLevel={3} compact />
          )}
          {threads.isSuccess && all.length > 0 && shown.length === 0 && (
            <p className="muted small">
              No feedback matches these filters.{' '}
              <button type="button" className="link-button" onClick={() => setFilter(noFilter)}>
                Show all
              </button>
            </p>
          )}
          {listed.map((thread) => (
            <ThreadCard
              key={thread.id}
              thread={thread}
              placement={placement.ranges.get(thread.id) ? 'attached' : 'unknown'}
              active={thread.id === placement.activeId}
            />
          ))}
          {detached.length > 0 && (
            <section className="detached-threads" aria-labelledby="detached-title">
              <h3 id="detached-title">Detached ({detached.length})</h3>
              <p className="muted small">The text these were about was deleted. Select new text and re-attach them, or resolve them.</p>
              {detached.map((thread) => (
                <ThreadCard key={thread.id} thread={thread} placement="detached" active={thread.id === placement.activeId} />
              ))}
            </section>
          )}
        </div>
      </aside>
      {drawer.isDrawer && !drawer.open && (
        <button ref={drawer.opener} type="button" className="button primary feedback-drawer-open" onClick={drawer.show}>
          Feedback
          {openCount > 0 && (
            <span className="feedback-count">
              {openCount}
              <span className="visually-hidden"> open</span>
            </span>
          )}
        </button>
      )}
    </FeedbackScopeContext.Provider>
  );
}
