import { Link, useParams } from 'react-router-dom';
import { useDoc } from '../api/queries';
import { useDocActivity, useDocContributions } from '../api/history-queries';
import { AppShell } from '../ui/app-shell';
import { usePageTitle } from '../ui/page-title';
import { pageOfQueries } from '../ui/query-page';
import { ContributionReport } from './contribution-report';
import '../doc/editor.css';
import '../styles/history.css';

/** `/docs/:docId/contributions`: who wrote, deleted and reviewed what in one document. */
export default function ContributionsPage() {
  const { docId = '' } = useParams();
  const doc = useDoc(docId);
  const contributions = useDocContributions(docId);
  const activity = useDocActivity(docId);
  usePageTitle(doc.data ? `Contributions · ${doc.data.doc.title}` : 'Contributions');

  const loaded = pageOfQueries([doc, contributions, activity], 'Loading contributions…');
  if (!loaded.data) return loaded.page;
  const [{ doc: info }, report, activityData] = loaded.data;
  return (
    <AppShell wide>
      <div className="history-page">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link to={`/groups/${info.group.id}`}>{info.group.name}</Link>
          <span aria-hidden="true">/</span>
          <span>{info.project.name}</span>
          <span aria-hidden="true">/</span>
          <Link to={`/docs/${info.id}`}>{info.title}</Link>
        </nav>
        <div className="section-head page-head">
          <div>
            <p className="eyebrow">Contributions</p>
            <h1>{info.title}</h1>
            <p className="muted">
              {report.documentCharacters.toLocaleString()} characters now, written by {report.contributors.length}{' '}
              {report.contributors.length === 1 ? 'person' : 'people'}. Everyone in the group sees the same figures.
            </p>
          </div>
          <div className="actions">
            <Link className="button small" to={`/docs/${info.id}/history`}>
              History
            </Link>
            <Link className="button small" to={`/groups/${info.group.id}/contributions`}>
              Whole group
            </Link>
          </div>
        </div>
        <ContributionReport
          rows={report.contributors}
          documentCharacters={report.documentCharacters}
          days={activityData.days}
          pasteThreshold={report.pasteThreshold}
        />
      </div>
    </AppShell>
  );
}
