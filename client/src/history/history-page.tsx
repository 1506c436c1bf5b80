import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { User } from '../../../shared/schemas/auth';
import type { DocWithContext } from '../../../shared/schemas/projects';
import type { Version } from '../../../shared/schemas/history';
import { authorShares } from '../../../shared/authorship';
import type { ComparePoint } from '../api/history-endpoints';
import { useDocumentAt, useTimeline, useVersions } from '../api/history-queries';
import { pathTo } from '../api/http';
import { useDoc } from '../api/queries';
import { AppShell } from '../ui/app-shell';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';
import { usePageTitle } from '../ui/page-title';
import { pageOfQueries } from '../ui/query-page';
import { authorColors } from './author-colors';
import { AuthorLegend } from './author-legend';
import { ComparePanel } from './compare-panel';
import { DocumentView } from './document-view';
import { TimelineScrubber } from './timeline-scrubber';
import { stopIndexFor, timelineStops } from './timeline-stops';
import { VersionForm } from './version-form';
import { VersionList } from './version-list';
import '../doc/editor.css';
import '../styles/history.css';

/** A plain link, not a fetch: Markdown is a file to hand in, HTML a page to print; the appendix is who contributed what. */
const exportPath = (docId: string, format: 'md' | 'html', appendix: boolean) =>
  pathTo('GET /api/docs/:docId/export', { params: { docId }, query: { format, appendix: appendix ? '1' : undefined } });

/** `/docs/:docId/history`: the timeline to scrub through, versions, compare, restore and export. */
export default function HistoryPage() {
  const { docId = '' } = useParams();
  const doc = useDoc(docId);
  const timeline = useTimeline(docId);
  const versions = useVersions(docId);
  usePageTitle(doc.data ? `History · ${doc.data.doc.title}` : 'History');

  const loaded = pageOfQueries([doc, timeline, versions], 'Loading the history…');
  if (!loaded.data) return loaded.page;
  const [{ doc: info }, { steps, users }, versionList] = loaded.data;
  return <History doc={info} steps={steps} users={users} versions={versionList} />;
}

function History({
  doc,
  steps,
  users,
  versions,
}: {
  doc: DocWithContext;
  steps: Parameters<typeof timelineStops>[0];
  users: readonly User[];
  versions: readonly Version[];
}) {
  const stops = useMemo(() => timelineStops(steps, versions), [steps, versions]);
  const [index, setIndex] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ from: ComparePoint; to: ComparePoint } | null>(null);
  const [showAuthors, setShowAuthors] = useState(false);
  // Open at the latest point; a new version or restore adds stops, and the reader stays where they were.
  const current = Math.min(index ?? stops.length - 1, Math.max(0, stops.length - 1));
  useEffect(() => {
    if (index !== null && index > stops.length - 1) setIndex(stops.length - 1);
  }, [index, stops.length]);
  const stop = stops[current];
  const moment = useDocumentAt(doc.id, stop ? stop.updateId : null);
  const userMap = useMemo(() => new Map(users.map((user) => [user.id, user])), [users]);
  const named = doc.can.viewContributions;

  const shares = moment.data ? authorShares(moment.data.content).filter((s): s is { author: string; characters: number } => s.author !== null) : [];
  const colors = authorColors(shares.map((share) => share.author));
  const names = new Map((moment.data?.authors ?? []).map((user) => [user.id, user.name]));

  const view = (version: Version) => {
    if (version.lastUpdateId !== null) setIndex(stopIndexFor(stops, version.lastUpdateId));
    document.getElementById('history-view')?.scrollIntoView({ block: 'start' });
  };

  return (
    <AppShell wide>
      <div className="history-page">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link to={`/groups/${doc.group.id}`}>{doc.group.name}</Link>
          <span aria-hidden="true">/</span>
          <span>{doc.project.name}</span>
          <span aria-hidden="true">/</span>
          <Link to={`/docs/${doc.id}`}>{doc.title}</Link>
        </nav>
        <div className="section-head page-head">
          <div>
            <p className="eyebrow">History</p>
            <h1>{doc.title}</h1>
          </div>
          <div className="actions">
            <Link className="button small" to={`/docs/${doc.id}`}>
              Back to the document
            </Link>
            {named && (
              <Link className="button small" to={`/docs/${doc.id}/contributions`}>
                Contributions
              </Link>
            )}
          </div>
        </div>

        <div className="history-layout">
          <section className="panel history-main" id="history-view" aria-labelledby="history-document">
            <h2 id="history-document" className="visually-hidden">
              The document at a point in time
            </h2>
            {stops.length === 0 ? (
              <p className="muted">Nothing has been written yet: the timeline starts with the first edit.</p>
            ) : (
              <>
                <TimelineScrubber stops={stops} index={current} onChange={setIndex} users={userMap} />
                {named && (
                  <label className="checkbox history-authors-toggle">
                    <input type="checkbox" checked={showAuthors} onChange={(event) => setShowAuthors(event.target.checked)} />
                    Colour by author
                  </label>
                )}
                {showAuthors && (
                  <AuthorLegend
                    label="Authors"
                    entries={shares.map((share) => ({
                      userId: share.author,
                      name: names.get(share.author) ?? 'Former user',
                      color: colors.get(share.author) ?? '#555555',
                      detail: `${share.characters.toLocaleString()} characters`,
                    }))}
                  />
                )}
                {moment.isError && <InlineError error={moment.error} />}
                <div className="paper history-paper" aria-busy={moment.isFetching} data-update-id={moment.data?.lastUpdateId}>
                  {moment.data ? (
                    <DocumentView
                      nodes={moment.data.content}
                      colouring={showAuthors ? 'authors' : 'none'}
                      colors={colors}
                      names={names}
                      label={`${doc.title}, read-only`}
                    />
                  ) : (
                    <Loading label="Opening this point…" />
                  )}
                </div>
              </>
            )}
          </section>

          <aside className="history-side">
            <section className="panel" aria-labelledby="versions-title">
              <h2 id="versions-title">Versions</h2>
              {doc.can.nameVersions && <VersionForm docId={doc.id} canSchedule={doc.can.scheduleVersions} />}
              <VersionList
                docId={doc.id}
                versions={versions}
                canRestore={doc.can.restoreVersions}
                onView={view}
                onCompare={(version) => {
                  setCompare({ from: version.id, to: 'current' });
                  requestAnimationFrame(() => document.getElementById('compare-section')?.scrollIntoView({ block: 'start' }));
                }}
              />
            </section>
            <section className="panel" aria-labelledby="export-title">
              <h2 id="export-title">Export</h2>
              <p className="muted small">The document as it is now, to hand in. The HTML page prints well (print it to get a PDF).</p>
              <ul className="export-links">
                <li>
                  <a href={exportPath(doc.id, 'md', false)} download>
                    Markdown
                  </a>
                </li>
                <li>
                  <a href={exportPath(doc.id, 'html', false)} target="_blank" rel="noopener">
                    HTML, printable
                  </a>
                </li>
                <li>
                  <a href={pathTo('GET /api/docs/:docId/export', { params: { docId: doc.id }, query: { format: 'docx' } })} download>
                    Word (.docx)
                  </a>
                </li>
                <li>
                  <a href={pathTo('GET /api/docs/:docId/export', { params: { docId: doc.id }, query: { format: 'pdf' } })} download>
                    PDF
                  </a>
                </li>
                {named && (
                  <>
                    <li>
                      <a href={exportPath(doc.id, 'md', true)} download>
                        Markdown with contribution appendix
                      </a>
                    </li>
                    <li>
                      <a href={exportPath(doc.id, 'html', true)} target="_blank" rel="noopener">
                        HTML with contribution appendix
                      </a>
                    </li>
                  </>
                )}
              </ul>
            </section>
          </aside>
        </div>

        <section className="panel" id="compare-section" aria-labelledby="compare-title">
          <div className="section-head">
            <h2 id="compare-title">Compare</h2>
            {!compare && (
              <button type="button" className="button small" onClick={() => setCompare({ from: 'start', to: 'current' })}>
                Compare two points
              </button>
            )}
          </div>
          {compare ? (
            <ComparePanel docId={doc.id} versions={versions} from={compare.from} to={compare.to} onChange={(from, to) => setCompare({ from, to })} />
          ) : (
            <p className="muted small">See what changed between two versions, marked and coloured by who changed it.</p>
          )}
        </section>
      </div>
    </AppShell>
  );
}
