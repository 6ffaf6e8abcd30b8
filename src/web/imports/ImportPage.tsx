import type { z } from 'zod';
import type { ImportChange, ImportSummary } from '../../shared/import-schemas.ts';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { apiUrl } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { ImportReportView, skippedRowsOf } from './ImportReportView.tsx';

type StoredImport = z.infer<typeof ImportSummary> & { skipped_rows: unknown[]; changes: ImportChange[] };

/** /imports/:id — the report one import left: its counts, every change it made and the rows it skipped. */
export function ImportPage({ id }: { id: number }) {
  const state = useApi<StoredImport>(apiUrl(`/imports/${id}`));
  const imp = state.data;
  useDocumentTitle(
    state.status === 'error'
      ? problemTitle(state.error, 'Import not found')
      : imp
        ? `Import of ${imp.file_name}`
        : 'Loading import',
  );
  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading={`Import ${id}`}
        notFound={{ heading: 'Import not found', detail: `There is no import numbered ${id}.` }}
      />
    );
  }
  if (!imp) return <Loading what="Loading the import" />;
  return (
    <>
      <Breadcrumb
        items={[
          { href: '/', text: 'Home' },
          { href: '/imports', text: 'Imports' },
        ]}
      />
      <span className="nhsuk-caption-l">Import {imp.id}</span>
      <h1>{imp.file_name}</h1>
      <ImportReportView
        report={{
          id: imp.id,
          file: imp.file_name,
          kind: imp.kind,
          vintage: imp.vintage,
          current: imp.current,
          dry_run: false,
          via: imp.via,
          actor_email: imp.actor_email,
          finished_at: imp.finished_at,
          counts: imp.counts,
          changes: imp.changes,
          skipped_rows: skippedRowsOf(imp.skipped_rows),
        }}
      />
    </>
  );
}
