import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { HomeProject } from '../../../shared/schemas/home';
import { createdDocResponse } from '../../../shared/schemas/projects';
import { ApiError, errorFromResponse } from '../api/api-error';
import { pathTo } from '../api/http';
import { queryKeys } from '../api/queries';
import { InlineError } from '../ui/error-panel';
import { useFilePick } from '../ui/file-pick';

const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The document's title from the file's name: without its extension, at most 200 characters. */
function titleOf(file: File): string {
  return file.name.replace(/\.docx$/i, '').trim().slice(0, 200) || 'Imported document';
}

/** Sends the file's bytes as they are (not a form): the server checks them and converts them. */
async function importWordFile(projectId: string, file: File) {
  let response: Response;
  try {
    response = await fetch(pathTo('POST /api/projects/:projectId/docs/import', { params: { projectId }, query: { title: titleOf(file) } }), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'content-type': wordType },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', 'No connection to the server.');
  }
  if (!response.ok) throw await errorFromResponse(response);
  return createdDocResponse.parse(await response.json());
}

/** "Import a Word file": picks a .docx and starts a document from it in the project, then opens it. */
export function ImportWord({ project }: { project: Pick<HomeProject, 'id'> }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const importing = useMutation({
    mutationFn: (file: File) => importWordFile(project.id, file),
    onSuccess: async ({ doc }) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.home }), queryClient.invalidateQueries({ queryKey: queryKeys.docs(project.id) })]);
      navigate(`/docs/${doc.id}`);
    },
  });
  const picker = useFilePick({
    accept: `.docx,${wordType}`,
    label: 'Word file to import',
    onFiles: ([file]) => importing.mutate(file!),
  });
  return (
    <div className="import-word">
      <button type="button" className="button small quiet" disabled={importing.isPending} onClick={picker.open}>
        {importing.isPending ? 'Importing…' : 'Import a Word file'}
      </button>
      {picker.input}
      {importing.isError && <InlineError error={importing.error} />}
    </div>
  );
}
