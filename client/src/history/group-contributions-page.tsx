import { Link, useParams } from 'react-router-dom';
import type { GroupContributionsResponse } from '../../../shared/schemas/history';
import { readerUtcOffset } from '../api/history-endpoints';
import { useGroupContributions } from '../api/history-queries';
import { pathTo } from '../api/http';
import { AppShell } from '../ui/app-shell';
import { usePageTitle } from '../ui/page-title';
import { pageOfQueries } from '../ui/query-page';
import { roleName } from '../ui/role-badge';
import { ContributionReport } from './contribution-report';
import { percent, survivingShare } from './contribution-scale';
import '../doc/editor.css';
import '../styles/history.css';

/** `/groups/:groupId/contributions`: the group report across all its documents, with a CSV export. */
export default function GroupContributionsPage() {
  const { groupId = '' } = useParams();
  const report = useGroupContributions(groupId);
  usePageTitle(report.data ? `Contributions · ${report.data.group.name}` : 'Contributions');

  const loaded = pageOfQueries([report], 'Loading contributions…');
  if (!loaded.data) return loaded.page;
  const [{ group, members, documents, activity, pasteThreshold }] = loaded.data;
  const roles = new Map(members.map((member) => [member.user.id, member.role]));
  return (
    <AppShell wide>
      <div className="history-page">
        <nav className="breadcrumbs" aria-label="Breadcrumbs">
          <Link to={`/groups/${group.id}`}>{group.name}</Link>
        </nav>
        <div className="section-head page-head">
          <div>
            <p className="eyebrow">Contributions</p>
            <h1>{group.name}</h1>
            <p className="muted">
              Every member across {documents.length} {documents.length === 1 ? 'document' : 'documents'}. Everyone in the group
              sees the same figures.
            </p>
          </div>
          <div className="actions">
            <a
              className="button small"
              href={pathTo('GET /api/groups/:groupId/contributions', {
                params: { groupId: group.id },
                query: { format: 'csv', utcOffset: readerUtcOffset() },
              })}
              download
            >
              Download CSV
            </a>
          </div>
        </div>
        <ContributionReport
          rows={members}
          documentCharacters={null}
          days={activity}
          pasteThreshold={pasteThreshold}
          roleOf={(userId) => {
            const role = roles.get(userId);
            return role ? roleName(role) : 'former member';
          }}
        />
        <DocumentShares documents={documents} />
      </div>
    </AppShell>
  );
}

/** Each document with its writers' shares of it, linking to its own report. */
function DocumentShares({ documents }: { documents: GroupContributionsResponse['documents'] }) {
  return (
    <section className="panel" aria-labelledby="group-documents">
      <h2 id="group-documents">Documents</h2>
      {documents.length === 0 ? (
        <p className="muted">No documents yet.</p>
      ) : (
        <ul className="document-shares">
          {documents.map(({ doc, contributors, documentCharacters }) => (
            <li key={doc.id}>
              <Link to={`/docs/${doc.id}/contributions`}>{doc.title}</Link>
              <span className="muted small"> · {doc.project.name} · {documentCharacters.toLocaleString()} characters</span>
              <p className="small">
                {contributors.length === 0
                  ? 'Nobody has written here yet.'
                  : [...contributors]
                      .sort((a, b) => b.surviving - a.surviving)
                      .map((c) => `${c.user.name} ${percent(survivingShare(c.surviving, documentCharacters))}`)
                      .join(' · ')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
