import { ApiError } from '../api/api-error';
import { AppShell } from '../ui/app-shell';
import { ErrorPanel } from '../ui/error-panel';
import { usePageTitle } from '../ui/page-title';

const notFound = new ApiError(404, 'not_found', 'No such page.');

export function NotFoundPage() {
  usePageTitle('Not found');
  return (
    <AppShell>
      <ErrorPanel error={notFound} />
    </AppShell>
  );
}
