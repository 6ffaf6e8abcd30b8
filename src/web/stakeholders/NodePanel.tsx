import { useEffect, useRef } from 'react';
import { PROFESSION_LABELS, type Profession } from '../../core/people.ts';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { SummaryList } from '../components/SummaryList.tsx';
import { apiUrl } from '../lib/api.ts';
import { useApi } from '../lib/useApi.ts';
import { levelLabel, type MapNode, nodeHref, nodePath } from './model.ts';
import { type ExplanationData, formatScore, ReasonsTable, rankSentence } from './Reasons.tsx';

const KIND_WORDS = { organisation: 'Organisation', network: 'Network', person: 'Person' } as const;

export const professionLabel = (p: string): string => PROFESSION_LABELS[p as Profession] ?? p;

/**
 * The side panel of the selected node: what it is, its measures, why it is influential (the API's
 * explanation, each reason with its share) and a link to its page. Its heading takes focus when
 * `focusKey` changes, so choosing from a table lands a keyboard or screen reader user here.
 */
export function NodePanel({
  node,
  scope,
  at,
  nameOf,
  personaName,
  focusKey,
  onClose,
}: {
  node: MapNode;
  scope: string | null;
  at: string | null;
  nameOf: (id: string) => string;
  personaName: (code: string) => string;
  focusKey: number;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const explanation = useApi<ExplanationData>(
    apiUrl(`/analysis/explain/${nodePath(node.id)}`, { scope, at }),
  );
  // Focus moves when asked (a table row chosen), not on every render.
  useEffect(() => {
    if (focusKey > 0) heading.current?.focus();
  }, [focusKey]);
  const href = nodeHref(node.id);

  return (
    <section
      className="app-stakeholder-panel"
      aria-labelledby="stakeholder-panel-heading"
      data-node={node.id}
    >
      <span className="nhsuk-caption-m">{KIND_WORDS[node.kind]}</span>
      <h2 id="stakeholder-panel-heading" ref={heading} tabIndex={-1}>
        {node.name}
      </h2>
      <SummaryList
        rows={[
          { key: 'Kind', value: node.kind === 'person' ? 'Person' : node.subkind.replaceAll('_', ' ') },
          { key: 'Level', value: levelLabel(node.level) },
          { key: 'Professions', value: node.professions.map(professionLabel).join(', ') || null },
          { key: 'Personas', value: node.personas.map(personaName).join(', ') || null },
          { key: 'Networks', value: node.networks.map(nameOf).join(', ') || null },
          { key: 'Influence', value: formatScore(node.influence) },
          { key: 'PageRank', value: formatScore(node.pagerank) },
          { key: 'Degree', value: String(node.degree) },
        ]}
      />
      {href && (
        <p className="nhsuk-body">
          <Link href={href}>Open the page of {node.name}</Link>
        </p>
      )}
      <h3>Why influential</h3>
      {explanation.status === 'loading' && <Loading what="Working out why" />}
      {explanation.status === 'error' && (
        <p className="nhsuk-body">The explanation cannot be shown: {explanation.error.detail}</p>
      )}
      {explanation.status === 'ok' && (
        <>
          <p className="nhsuk-body">{rankSentence(explanation.data)}</p>
          <ReasonsTable explanation={explanation.data} caption={`Why ${node.name} is influential`} />
        </>
      )}
      <button
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        type="button"
        onClick={onClose}
      >
        Close<span className="nhsuk-u-visually-hidden"> the details of {node.name}</span>
      </button>
    </section>
  );
}
