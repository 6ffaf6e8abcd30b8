import type { z } from 'zod';
import type { OrganisationChange } from '../../shared/import-schemas.ts';
import { formatDateTime } from '../auth/time.ts';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { LongTable } from '../imports/LongTable.tsx';
import { changeLabel, fieldLabel } from '../imports/labels.ts';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { importHref } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';

type Change = z.infer<typeof OrganisationChange> & { n: number };

/** A value in a change: dates as people read them, anything else as it is. */
function valueText(v: string | null): string {
  if (v === null) return '';
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
}

/** What changed for an organisation and when, from which imported file (newest first). */
export function History({ code, name }: { code: string; name: string }) {
  const state = useApi<{ items: z.infer<typeof OrganisationChange>[] }>(
    apiUrl(`/organisations/${encodeURIComponent(code)}/history`),
  );
  if (state.status === 'loading') return <Loading what="Loading the changes from imported files" />;
  if (state.status === 'error') {
    return (
      <p className="nhsuk-body">The changes from imported files could not be loaded: {state.error.detail}</p>
    );
  }
  const rows: Change[] = state.data.items.map((c, n) => ({ ...c, n }));
  return (
    <div data-testid="organisation-history">
      <LongTable<Change>
        caption="Changes from imported files"
        captionSize="s"
        captionDetail={`(${rows.length.toLocaleString('en-GB')}, newest first)`}
        noun="changes"
        first={25}
        rows={rows}
        rowKey={(c) => String(c.n)}
        filename={`${code}-history`.toLowerCase()}
        emptyText={`No imported file has changed ${name} yet.`}
        columns={[
          { header: 'Date', cell: (c) => formatDate(c.effective_on), csv: (c) => c.effective_on },
          { header: 'Change', cell: (c) => changeLabel(c.change), csv: (c) => c.change },
          { header: 'Field', cell: (c) => fieldLabel(c.field), csv: (c) => c.field },
          { header: 'From', cell: (c) => valueText(c.from), csv: (c) => c.from },
          { header: 'To', cell: (c) => valueText(c.to), csv: (c) => c.to },
          {
            header: 'File',
            cell: (c) =>
              c.import_id !== null && c.file_name ? (
                <Link href={importHref(c.import_id)}>{c.file_name}</Link>
              ) : (
                (c.file_name ?? 'National reference')
              ),
            csv: (c) => c.file_name,
          },
          {
            header: 'Imported',
            cell: (c) => formatDateTime(c.imported_at),
            csv: (c) => c.imported_at,
          },
        ]}
        extraCsv={[
          { header: 'Import', value: (c) => c.import_id },
          { header: 'Vintage', value: (c) => c.vintage },
        ]}
      />
    </div>
  );
}
