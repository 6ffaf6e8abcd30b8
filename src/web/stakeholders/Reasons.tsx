import type { z } from 'zod';
import type { Explanation } from '../../shared/analysis-schemas.ts';
import { DataTable } from '../components/DataTable.tsx';
import { Link } from '../components/Link.tsx';
import { slug } from '../lib/format.ts';
import { nodeHref, percentages } from './model.ts';

export type ExplanationData = z.infer<typeof Explanation>;
type ReasonRow = ExplanationData['reasons'][number] & { percent: number };

/** A score as people read it: four significant figures. */
export function formatScore(n: number): string {
  if (n === 0) return '0';
  return Math.abs(n) >= 1 ? n.toLocaleString('en-GB', { maximumFractionDigits: 2 }) : n.toPrecision(3);
}

/** "Ranked 3rd of 1,204 in …", with the date the graph is for. */
export function rankSentence(e: ExplanationData): string {
  return `Ranked ${e.rank.toLocaleString('en-GB')} of ${e.of.toLocaleString('en-GB')} by influence (score ${formatScore(e.score)}).`;
}

/**
 * An explanation's reasons: what each contributes to the score, as a share of it. The percentages are
 * rounded so they add to exactly 100.
 */
export function ReasonsTable({
  explanation,
  caption,
  captionSize = 's',
}: {
  explanation: ExplanationData;
  caption: string;
  captionSize?: 's' | 'm';
}) {
  const shares = percentages(explanation.reasons.map((r) => r.share));
  const rows: ReasonRow[] = explanation.reasons.map((r, i) => ({ ...r, percent: shares[i] ?? 0 }));
  return (
    <DataTable<ReasonRow>
      caption={caption}
      captionSize={captionSize}
      rows={rows}
      rowKey={(r) => `${r.text}|${r.from ?? ''}|${r.edge_kind ?? ''}`}
      filename={`why-${slug(explanation.name)}-${explanation.as_at}`}
      emptyText="Nothing contributes to this score yet."
      columns={[
        {
          header: 'Reason',
          cell: (r) => {
            const href = r.from ? nodeHref(r.from) : null;
            return href ? <Link href={href}>{r.text}</Link> : r.text;
          },
          csv: (r) => r.text,
        },
        {
          header: 'Share of the score',
          cell: (r) => `${r.percent.toFixed(1)}%`,
          csv: (r) => r.percent,
          numeric: true,
        },
      ]}
      extraCsv={[
        { header: 'From', value: (r) => r.from ?? '' },
        { header: 'Tie kind', value: (r) => r.edge_kind ?? '' },
        { header: 'Amount', value: (r) => r.amount },
      ]}
    />
  );
}
