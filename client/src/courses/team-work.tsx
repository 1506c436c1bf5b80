import { Link } from 'react-router-dom';
import type { Project } from '../../../shared/schemas/projects';
import { useDocs, useProjects } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { Loading } from '../ui/loading';

/** A team's work: its projects and their documents, each a link. */
export function TeamWork({ teamId }: { teamId: string }) {
  const projects = useProjects(teamId);
  if (projects.isPending) return <Loading label="Loading your team’s work…" />;
  if (projects.isError) return <InlineError error={projects.error} />;
  if (projects.data.projects.length === 0) return <p className="muted small">No documents yet: your team’s work appears here when an assignment opens.</p>;
  return (
    <ul className="project-list">
      {projects.data.projects.map((project) => (
        <li key={project.id}>
          <ProjectDocs project={project} />
        </li>
      ))}
    </ul>
  );
}

function ProjectDocs({ project }: { project: Project }) {
  const docs = useDocs(project.id);
  return (
    <div className="project">
      <h4>{project.name}</h4>
      {docs.isError && <InlineError error={docs.error} />}
      <ul className="doc-list">
        {docs.data?.docs.map((doc) => (
          <li key={doc.id}>
            <Link className="doc-link" to={`/docs/${doc.id}`}>
              {doc.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
