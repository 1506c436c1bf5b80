import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import type { HomeGroup, HomeProject } from '../../../shared/schemas/home';
import { createDocBody, createProjectBody } from '../../../shared/schemas/projects';
import { ArchiveMenu } from '../archive/archive-button';
import { call } from '../api/endpoints';
import { queryKeys } from '../api/queries';
import { CreateToggle } from '../ui/create-form';
import { monthDay } from '../ui/date-formats';
import { RoleBadge } from '../ui/role-badge';
import { ImportWord } from './import-word';

/**
 * One group on the home page: its projects, each with its documents, all
 * from the page's one request (GET /api/home), so nothing here loads on its own.
 */
export function GroupSection({ group }: { group: HomeGroup }) {
  const queryClient = useQueryClient();
  const mayCreate = group.can.createProjects;
  const createProject = useMutation({
    mutationFn: (body: { name: string }) => call('POST /api/groups/:groupId/projects', { params: { groupId: group.id }, body }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.home }),
        queryClient.invalidateQueries({ queryKey: queryKeys.projects(group.id) }),
      ]),
  });
  const headingId = `group-${group.id}`;

  return (
    <section className="group-card panel" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>
          <Link to={`/groups/${group.id}`}>{group.name}</Link>
        </h2>
        <RoleBadge role={group.role} />
      </div>
      {group.projects.length === 0 && (
        <p className="muted">
          {mayCreate ? 'No projects yet: name your next deliverable with “New project” below.' : 'No projects yet: a member of the group starts one here.'}
        </p>
      )}
      <ul className="project-list">
        {group.projects.map((project) => (
          <li key={project.id}>
            <ProjectDocs project={project} mayArchive={group.can.archive === true} />
          </li>
        ))}
      </ul>
      {group.moreProjects && (
        <p className="muted small">
          Only the first {group.projects.length} projects are shown. <Link to={`/groups/${group.id}`}>Open the group</Link>
        </p>
      )}
      {mayCreate && (
        <CreateToggle
          buttonLabel="New project"
          schema={createProjectBody}
          field="name"
          label="Project name"
          placeholder="e.g. Lab report"
          submitLabel="Create project"
          onCreate={(body) => createProject.mutateAsync(body)}
        />
      )}
    </section>
  );
}

function ProjectDocs({ project, mayArchive }: { project: HomeProject; mayArchive: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const createDoc = useMutation({
    mutationFn: (body: { title: string }) => call('POST /api/projects/:projectId/docs', { params: { projectId: project.id }, body }),
    onSuccess: async ({ doc }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.home }),
        queryClient.invalidateQueries({ queryKey: queryKeys.docs(project.id) }),
      ]);
      navigate(`/docs/${doc.id}`);
    },
  });

  return (
    <div className="project">
      <div className="section-head">
        <h3>{project.name}</h3>
        {mayArchive && <ArchiveMenu target={{ kind: 'project', id: project.id }} name={project.name} />}
      </div>
      {project.docs.length === 0 && (
        <p className="muted small">{project.can.createDocs ? 'No documents yet: create the first with “New document”.' : 'No documents yet: the team’s will appear here.'}</p>
      )}
      <ul className="doc-list">
        {project.docs.map((doc) => (
          <li key={doc.id} className="doc-row">
            <Link to={`/docs/${doc.id}`} className="doc-link">
              <DocIcon />
              <span>{doc.title}</span>
              <time dateTime={new Date(doc.updatedAt).toISOString()} className="muted small">
                {formatDay(doc.updatedAt)}
              </time>
            </Link>
            {mayArchive && <ArchiveMenu target={{ kind: 'document', id: doc.id }} name={doc.title} />}
          </li>
        ))}
      </ul>
      {project.moreDocs && <p className="muted small">Only the first {project.docs.length} documents are shown.</p>}
      {project.can.createDocs && (
        <div className="project-actions">
          <CreateToggle
            buttonLabel="New document"
            schema={createDocBody}
            field="title"
            label="Document title"
            placeholder="e.g. Draft 1"
            submitLabel="Create document"
            onCreate={(body) => createDoc.mutateAsync(body)}
          />
          <ImportWord project={project} />
        </div>
      )}
    </div>
  );
}

function DocIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" className="doc-icon">
      <path d="M4 1.5h5.5L13 5v9.5H4z" fill="none" stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />
      <path d="M9.5 1.5V5H13M6 8h5M6 10.5h5" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}

function formatDay(time: number): string {
  return monthDay().format(time);
}
