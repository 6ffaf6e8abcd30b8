import { type ReactNode, useCallback, useId, useMemo, useState } from 'react';
import { LEVEL_LABELS, type Level } from '../../core/people.ts';
import { formatDate, slug } from '../lib/format.ts';
import { usePersonaOptions } from '../people/records.tsx';
import { Finder } from './Finder.tsx';
import { GraphView, LINES_ZOOMED_OUT } from './GraphView.tsx';
import {
  COLOUR_BY,
  type ColourBy,
  edgeEnds,
  edgeVisibility,
  filterChoices,
  indexNodes,
  isUnfiltered,
  legend,
  type MapFilters,
  type MapGraphData,
  mapLines,
  NO_FILTERS,
  NODE_KIND_LABELS,
  NODE_KIND_NAMES,
  type NodeKindName,
  nodeColours,
  nodeSizes,
  nodeVisibility,
  rankPeople,
  SIZE_MEASURE_LABELS,
  SIZE_MEASURES,
  type SizeMeasure,
  searchNodes,
  tieKindLabel,
} from './model.ts';
import { NodePanel, professionLabel } from './NodePanel.tsx';
import {
  BrokerTables,
  CommunitiesTable,
  CoverageTable,
  OrganisationsTable,
  PeopleTable,
} from './RankingTables.tsx';

/** The map's settings that outlive a change of date: filters, size and colour. */
export interface ExplorerSettings {
  filters: MapFilters;
  sizeBy: SizeMeasure;
  colourBy: ColourBy;
}
export const DEFAULT_SETTINGS: ExplorerSettings = {
  filters: NO_FILTERS,
  sizeBy: 'influence',
  colourBy: 'level',
};

const COLOUR_LABELS: Record<ColourBy, string> = { community: 'Community', level: 'Level' };
const KIND_WORDS: Record<NodeKindName, string> = {
  organisation: 'Organisation',
  network: 'Network',
  person: 'Person',
};

function Select({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly { value: string; text: string }[];
}) {
  return (
    <div className="nhsuk-form-group app-stakeholder-filters__field">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select className="nhsuk-select" id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A colour swatch for a legend (an SVG attribute, not an inline style: the CSP allows no inline style). */
function Swatch({ colour }: { colour: string }) {
  return (
    <svg
      className="app-stakeholder-legend__swatch"
      viewBox="0 0 12 12"
      width="12"
      height="12"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="6" cy="6" r="6" fill={colour} />
    </svg>
  );
}

/**
 * The map of a scope with everything around it: filters, search and focus, size and colour, the legend,
 * the selected node's panel, and the rankings as tables (the map's text alternative).
 */
export function MapExplorer({
  graph,
  scope,
  settings,
  onSettings,
}: {
  graph: MapGraphData;
  scope: string | null;
  at: string | null;
  settings: ExplorerSettings;
  onSettings: (s: ExplorerSettings) => void;
}) {
  const id = useId();
  const { filters, sizeBy, colourBy } = settings;
  const setFilters = (f: Partial<MapFilters>) => onSettings({ ...settings, filters: { ...filters, ...f } });
  const [selected, setSelected] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ id: string; seq: number } | null>(null);
  const [panelFocus, setPanelFocus] = useState(0);
  const [query, setQuery] = useState('');
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const personaOptions = usePersonaOptions();
  const at = graph.as_at;

  // Built once per graph: the node index, each tie's ends as indexes, the lines drawn.
  const index = useMemo(() => indexNodes(graph.nodes), [graph]);
  const ends = useMemo(() => edgeEnds(graph.edges, index), [graph, index]);
  const lines = useMemo(() => mapLines(graph.edges, ends, graph.nodes.length), [graph, ends]);
  const choices = useMemo(() => filterChoices(graph), [graph]);
  const nodesShown = useMemo(() => nodeVisibility(graph.nodes, filters), [graph, filters]);
  const edgesShown = useMemo(
    () => edgeVisibility(graph.edges, ends, nodesShown, filters),
    [graph, ends, nodesShown, filters],
  );
  const sizes = useMemo(() => nodeSizes(graph.nodes, sizeBy), [graph, sizeBy]);
  const colours = useMemo(() => nodeColours(graph.nodes, colourBy), [graph, colourBy]);
  const entries = useMemo(() => legend(graph.nodes, colourBy), [graph, colourBy]);
  const shownCount = useMemo(() => nodesShown.reduce((s, x) => s + x, 0), [nodesShown]);
  const shownEdges = useMemo(() => edgesShown.reduce((s, x) => s + x, 0), [edgesShown]);
  const people = useMemo(() => rankPeople(graph.nodes, nodesShown, 50), [graph, nodesShown]);
  const peopleShown = useMemo(
    () => graph.nodes.reduce((s, n, i) => s + (n.kind === 'person' && nodesShown[i] ? 1 : 0), 0),
    [graph, nodesShown],
  );

  const nameOf = useCallback(
    (x: string): string => {
      const i = index.get(x) ?? index.get(`net:${x}`);
      return i === undefined ? x : graph.nodes[i]!.name;
    },
    [graph, index],
  );
  const personaName = useCallback(
    (code: string) => personaOptions.find((o) => o.value === code)?.text ?? code.replaceAll('_', ' '),
    [personaOptions],
  );

  const scopeNode = scope
    ? graph.nodes[index.get(`org:${scope.toUpperCase()}`) ?? index.get(`net:${scope}`) ?? -1]
    : undefined;
  const scopeName = scope ? (scopeNode?.name ?? scope) : 'England';
  const filename = `stakeholders-${slug(scopeName)}-${at}`;

  /** Selects a node: highlighted on the map, the camera moved to it, its panel opened (and focused). */
  const select = useCallback((nodeId: string, opts: { focusPanel?: boolean } = {}) => {
    setSelected(nodeId);
    setFocus((f) => ({ id: nodeId, seq: (f?.seq ?? 0) + 1 }));
    if (opts.focusPanel) setPanelFocus((n) => n + 1);
  }, []);

  const pick = (nodeId: string, name: string): ReactNode =>
    index.has(nodeId) ? (
      <button type="button" className="app-link-button" onClick={() => select(nodeId, { focusPanel: true })}>
        {name}
        <span className="nhsuk-u-visually-hidden"> (show on the map)</span>
      </button>
    ) : (
      name
    );

  const found = useMemo(() => searchNodes(graph.nodes, query), [graph, query]);
  const selectedNode = selected !== null ? graph.nodes[index.get(selected) ?? -1] : undefined;
  const describedBy = `${id}-alternative`;
  const params = { scope, at };

  return (
    <>
      <p className="nhsuk-body" data-testid="map-summary">
        {scopeName} as at {formatDate(at)}: {graph.nodes.length.toLocaleString('en-GB')} organisations,
        networks and people, {graph.edges.length.toLocaleString('en-GB')} ties. Data version{' '}
        {graph.data_version}.
      </p>

      <form className="app-stakeholder-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset className="nhsuk-fieldset app-stakeholder-filters__kinds">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Show</legend>
          <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
            {NODE_KIND_NAMES.map((k: NodeKindName) => (
              <div className="nhsuk-checkboxes__item" key={k}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={`${id}-kind-${k}`}
                  type="checkbox"
                  checked={filters.kinds.includes(k)}
                  onChange={(e) =>
                    setFilters({
                      kinds: e.target.checked
                        ? NODE_KIND_NAMES.filter((x) => x === k || filters.kinds.includes(x))
                        : filters.kinds.filter((x) => x !== k),
                    })
                  }
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${id}-kind-${k}`}>
                  {NODE_KIND_LABELS[k]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="app-stakeholder-filters__grid">
          <Select
            id={`${id}-level`}
            label="Level"
            value={filters.level}
            onChange={(level) => setFilters({ level })}
            options={[
              { value: '', text: 'Any level' },
              ...choices.levels.map((l) => ({ value: l, text: LEVEL_LABELS[l as Level] })),
            ]}
          />
          <Select
            id={`${id}-profession`}
            label="Profession"
            value={filters.profession}
            onChange={(profession) => setFilters({ profession })}
            options={[
              { value: '', text: 'Any profession' },
              ...choices.professions.map((p) => ({ value: p, text: professionLabel(p) })),
            ]}
          />
          <Select
            id={`${id}-persona`}
            label="Persona"
            value={filters.persona}
            onChange={(persona) => setFilters({ persona })}
            options={[
              { value: '', text: 'Any persona' },
              ...choices.personas.map((p) => ({ value: p, text: personaName(p) })),
            ]}
          />
          <Select
            id={`${id}-network`}
            label="Network"
            value={filters.network}
            onChange={(network) => setFilters({ network })}
            options={[
              { value: '', text: 'Any network' },
              ...choices.networks
                .map((n) => ({ value: n, text: nameOf(n) }))
                .sort((a, b) => a.text.localeCompare(b.text)),
            ]}
          />
          <Select
            id={`${id}-tie`}
            label="Tie kind"
            value={filters.tieKind}
            onChange={(tieKind) => setFilters({ tieKind })}
            options={[
              { value: '', text: 'Any tie' },
              ...choices.tieKinds.map((k) => ({ value: k, text: tieKindLabel(k) })),
            ]}
          />
          <div className="nhsuk-form-group app-stakeholder-filters__field">
            <label className="nhsuk-label" htmlFor={`${id}-weight`}>
              Minimum tie weight
            </label>
            <input
              className="nhsuk-input nhsuk-input--width-4"
              id={`${id}-weight`}
              type="number"
              inputMode="decimal"
              min={0}
              step={0.5}
              value={filters.minWeight === 0 ? '' : String(filters.minWeight)}
              onChange={(e) => {
                const v = Number(e.target.value);
                setFilters({ minWeight: Number.isFinite(v) && v > 0 ? v : 0 });
              }}
            />
          </div>
          <Select
            id={`${id}-size`}
            label="Node size by"
            value={sizeBy}
            onChange={(v) => onSettings({ ...settings, sizeBy: v as SizeMeasure })}
            options={SIZE_MEASURES.map((m) => ({ value: m, text: SIZE_MEASURE_LABELS[m] }))}
          />
          <Select
            id={`${id}-colour`}
            label="Colour by"
            value={colourBy}
            onChange={(v) => onSettings({ ...settings, colourBy: v as ColourBy })}
            options={COLOUR_BY.map((c) => ({ value: c, text: COLOUR_LABELS[c] }))}
          />
        </div>
        {!isUnfiltered(filters) && (
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
            onClick={() => setFilters(NO_FILTERS)}
          >
            Clear filters
          </button>
        )}
        <p className="nhsuk-body-s" role="status" aria-live="polite" data-testid="map-shown">
          Showing {shownCount.toLocaleString('en-GB')} of {graph.nodes.length.toLocaleString('en-GB')} nodes (
          {peopleShown.toLocaleString('en-GB')} people) and {shownEdges.toLocaleString('en-GB')} ties.
        </p>
      </form>

      <Finder
        id={`${id}-find`}
        label="Find on the map"
        hint="Type a name: the node is highlighted and the map moves to it"
        query={query}
        onQuery={setQuery}
        found={found.map((n) => ({
          key: n.id,
          name: n.name,
          detail: KIND_WORDS[n.kind],
        }))}
        status={query.trim().length >= 2 ? (found.length ? `${found.length} matches` : 'No matches') : ''}
        noun="nodes"
        onChoose={(f) => {
          select(f.key);
          setQuery('');
        }}
      />

      {unavailable && (
        <div className="nhsuk-warning-callout" data-testid="map-unavailable">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            The map cannot be drawn here
          </h2>
          <p>{unavailable} The tables below list the same organisations, networks and people.</p>
        </div>
      )}

      <div className="app-stakeholder-layout">
        <div className="app-stakeholder-layout__map">
          {!unavailable && (
            <GraphView
              graph={graph}
              index={index}
              lines={lines}
              nodesShown={nodesShown}
              edgesShown={edgesShown}
              sizes={sizes}
              colours={colours}
              selected={selected}
              focus={focus}
              onSelect={(nodeId) => select(nodeId)}
              label={`Stakeholder map of ${scopeName}, in level bands with the national level at the top`}
              describedBy={describedBy}
              onUnavailable={setUnavailable}
            />
          )}
          <h2 className="nhsuk-heading-s app-stakeholder-legend__heading">
            Colour: {COLOUR_LABELS[colourBy].toLowerCase()}
          </h2>
          <ul
            className="app-stakeholder-legend"
            aria-label={`Colours by ${COLOUR_LABELS[colourBy].toLowerCase()}`}
          >
            {entries.map((e) => (
              <li key={`${e.colour}|${e.label}`}>
                <Swatch colour={e.colour} /> {e.label} ({e.count.toLocaleString('en-GB')})
              </li>
            ))}
          </ul>
          <p className="nhsuk-body-s" id={describedBy}>
            Node size shows {SIZE_MEASURE_LABELS[sizeBy].toLowerCase()}. The tables below give the same
            people, organisations and communities in words.
          </p>
          <p className="nhsuk-body-s" data-testid="map-lines-rule">
            One line joins two nodes tied either way. With the whole map in view, at most{' '}
            {LINES_ZOOMED_OUT.toLocaleString('en-GB')} lines are drawn: the strongest ties among those the
            filters show. Each time you zoom in to half the distance, four times as many are drawn, and every
            line from eight times closer.
          </p>
        </div>
        <div className="app-stakeholder-layout__panel">
          {selectedNode ? (
            <NodePanel
              key={selectedNode.id}
              node={selectedNode}
              scope={scope}
              at={at}
              nameOf={nameOf}
              personaName={personaName}
              focusKey={panelFocus}
              onClose={() => setSelected(null)}
            />
          ) : (
            <p className="nhsuk-body app-stakeholder-panel__empty">
              Choose a node on the map, in the search or in a table to see why it is influential.
            </p>
          )}
        </div>
      </div>

      <h2>Rankings</h2>
      <PeopleTable people={people} total={peopleShown} pick={pick} filename={`${filename}-people`} />
      <OrganisationsTable params={params} pick={pick} filename={`${filename}-organisations`} />
      <BrokerTables params={params} pick={pick} filename={filename} />
      <CommunitiesTable params={params} pick={pick} filename={filename} />
      {scopeNode?.subkind === 'icb' && scope && (
        <CoverageTable icb={scope.toUpperCase()} at={at} pick={pick} filename={filename} />
      )}
    </>
  );
}
