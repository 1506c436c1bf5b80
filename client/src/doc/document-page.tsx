import { useQueryClient } from '@tanstack/react-query';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { User } from '../../../shared/schemas/auth';
import type { DocWithContext } from '../../../shared/schemas/projects';
import { ChangesSinceVisit } from '../activity/changes-since-visit';
import { queryKeys, useDoc } from '../api/queries';
import { endStartUp } from '../app/start-up';
import { useUser } from '../auth/session-gate';
import { DocumentHistoryBar } from '../history/document-history-bar';
import { SelectionBubble } from '../threads/selection-bubble';
import { ModeSwitch, useDraftSending, useSuggesting } from '../suggesting/suggesting-mode';
import { ThreadsPanel } from '../threads/threads-panel';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { RoleBadge } from '../ui/role-badge';
import { userColor } from '../../../shared/user-color';
import { useCollaboration, type CollaborationSession } from './collaboration-session';
import { DocumentCounts } from './document-counts';
import { editorExtensions } from './editor-extensions';
import { ExportMenu } from './export-menu';
import { EditorToolbar } from './editor-toolbar';
import { LockedNotice, useWritingLock } from './locked-notice';
import { PresenceBar } from './presence-bar';
import { ShareButton } from './share-dialog';
import { SyncIndicator, SyncStoppedBanner } from './sync-indicator';
import { TableOfContents } from './table-of-contents';
import { TitleField } from './title-field';
import './editor.css';
import './document-content.css';
import '../threads/threads.css';

/** `/docs/:docId`, loaded on demand: Tiptap and Yjs stay out of the other pages. */
export default function DocumentPage() {
  const { docId = '' } = useParams();
  return <DocumentView docId={docId} />;
}

/**
 * Where a page built on a document sits, for its breadcrumbs instead of the
 * document's group (a peer review's room is reached from its assignment, not
 * listed as a group); such a page has no Share button: it is shared by
 * sharing the page that leads to it.
 */
export interface DocPlace {
  href: string;
  label: string;
}

/**
 * A document with its feedback beside it; `aside` adds a panel next to them
 * (a peer review's rubric form), so that a page built on a document reuses
 * this one rather than a second editor.
 */
export function DocumentView({ docId, aside, place }: { docId: string; aside?: ReactNode; place?: DocPlace }) {
  const user = useUser();
  const doc = useDoc(docId);
  usePageTitle(doc.data?.doc.title);

  if (doc.isPending) {
    return (
      <AppShell wide>
        <Loading label="Opening the document…" />
      </AppShell>
    );
  }
  if (doc.isError) {
    return (
      <AppShell>
        <ErrorPanel error={doc.error} onRetry={() => void doc.refetch()} />
      </AppShell>
    );
  }
  return <DocumentWorkspace doc={doc.data.doc} user={user} aside={aside} place={place} />;
}

function DocumentWorkspace({ doc, user, aside, place }: { doc: DocWithContext; user: User; aside: ReactNode; place: DocPlace | undefined }) {
  const queryClient = useQueryClient();
  // A role change closes the socket (roleChanged): reconnecting applies the new
  // rights on the server, refetching the document applies them here.
  const session = useCollaboration(doc.id, user.id, () => void queryClient.invalidateQueries({ queryKey: queryKeys.doc(doc.id) }));
  if (!session) {
    return (
      <AppShell wide>
        <Loading label="Opening the document…" />
      </AppShell>
    );
  }
  // A session replaced (its edits moved to a fresh client id) is a new document: the editor and what reads it start over.
  return <OpenDocument key={`${doc.id} ${session.doc.guid}`} doc={doc} user={user} session={session} aside={aside} place={place} />;
}

function OpenDocument(props: { doc: DocWithContext; user: User; session: CollaborationSession; aside: ReactNode; place: DocPlace | undefined }) {
  const { doc, user, session, aside, place } = props;
  // A team's copy turns read-only for its members at its due time, while the page is open too.
  const writingLocked = useWritingLock(doc, session);
  const editable = doc.can.edit && !writingLocked;
  const presenceUser = useMemo(() => ({ id: user.id, name: user.name, color: userColor(user.id) }), [user.id, user.name]);
  // Editing, Suggesting or Viewing: what the editor does with the reader's typing.
  const suggesting = useSuggesting(doc, presenceUser, session.doc, editable);
  const editor = useEditor(
    {
      extensions: [...editorExtensions(session, presenceUser), suggesting.extension],
      editable: suggesting.editorEditable,
      editorProps: {
        attributes: {
          id: 'document-editor',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': `${doc.title}: document text`,
          class: 'document-text',
          spellcheck: 'true',
        },
      },
    },
    [session, presenceUser, suggesting.extension],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== suggesting.editorEditable) editor.setEditable(suggesting.editorEditable);
  }, [editor, suggesting.editorEditable]);
  useDraftSending(editor, suggesting.sender);
  // The text is in: the header may refresh its badge and bell now (app/start-up.ts).
  useEffect(() => {
    if (editor) endStartUp();
  }, [editor]);

  return (
    <AppShell wide>
      <div className="doc-page">
        {/* Breadcrumbs, title and who-is-here in one grid: beside each other on a wide page, two short rows on a phone (editor.css). */}
        <header className="doc-head">
          <nav className="breadcrumbs" aria-label="Breadcrumbs">
            {place ? (
              <Link to={place.href}>{place.label}</Link>
            ) : (
              <>
                <Link to={`/groups/${doc.group.id}`}>{doc.group.name}</Link>
                <span aria-hidden="true">/</span>
                <span>{doc.project.name}</span>
              </>
            )}
          </nav>
          <TitleField docId={doc.id} projectId={doc.projectId} title={doc.title} editable={doc.can.rename} />
          <div className="doc-meta">
            <PresenceBar awareness={session.provider.awareness} editorRoot={() => editor?.view.dom ?? null} />
            <LiveSyncIndicator session={session} readOnly={!editable} />
            <RoleBadge role={doc.role} />
            {!place && <ShareButton doc={doc} />}
          </div>
        </header>
        <LiveSyncNotices doc={doc} locked={writingLocked} session={session} />
        {editor && <ChangesSinceVisit docId={doc.id} editor={editor} />}
        {!doc.can.edit && !doc.locked && (
          <div className="banner banner-info" role="note">
            <p>
              <strong>Read-only.</strong> You are a reviewer in {doc.group.name}: you can read and select the text to
              give feedback, but not change it.
            </p>
          </div>
        )}
        <div className={aside ? 'doc-layout doc-layout-with-aside' : 'doc-layout'}>
          <div className="doc-column">
            {editor && <DocumentHistoryBar editor={editor} docId={doc.id} contributions={doc.can.viewContributions} user={user} />}
            <div className="doc-tools">
              {editor && <TableOfContents editor={editor} />}
              <ModeSwitch setup={suggesting} />
              <ExportMenu docId={doc.id} />
            </div>
            {editor && editable && suggesting.mode === 'editing' && <EditorToolbar editor={editor} />}
            <div className="paper">
              <EditorContent editor={editor} />
              {editor && doc.can.giveFeedback && <SelectionBubble editor={editor} ydoc={session.doc} />}
            </div>
            {editor && <DocumentCounts editor={editor} />}
          </div>
          {editor && <ThreadsPanel editor={editor} doc={doc} user={user} session={session} />}
          {aside}
        </div>
      </div>
    </AppShell>
  );
}

/*
 * The sync status is read where it is shown, not by the page: it changes on
 * opening and with every burst of typing (saving, then saved), and each change
 * would otherwise draw the whole page again, editor, toolbar and feedback
 * panel included, in the same task that shows "Saved".
 */
function useSyncState(session: CollaborationSession) {
  return useSyncExternalStore(session.tracker.subscribe, session.tracker.getSnapshot);
}

function LiveSyncIndicator({ session, readOnly }: { session: CollaborationSession; readOnly: boolean }) {
  return <SyncIndicator state={useSyncState(session)} readOnly={readOnly} />;
}

function LiveSyncNotices({ doc, locked, session }: { doc: DocWithContext; locked: boolean; session: CollaborationSession }) {
  const state = useSyncState(session);
  return (
    <>
      <SyncStoppedBanner state={state} />
      <LockedNotice doc={doc} locked={locked} syncState={state} session={session} />
    </>
  );
}
