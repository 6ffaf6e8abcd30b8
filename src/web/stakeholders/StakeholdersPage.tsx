import './stakeholders.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Link } from '../components/Link.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage } from '../components/Problem.tsx';
import { apiUrl } from '../lib/api.ts';
import { countOf, formatDate } from '../lib/format.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { STAKEHOLDER_WEIGHTS_HREF, stakeholdersHref, WHOLE_COUNTRY } from '../lib/routes.ts';
import { useApi } from '../lib/useApi.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { hitDescription } from '../search/hits.ts';
import { SEARCH_MIN_LENGTH, useSearch } from '../search/useSearch.ts';
import { Finder } from './Finder.tsx';
import { DEFAULT_SETTINGS, type ExplorerSettings, MapExplorer } from './MapExplorer.tsx';
import { type MapGraphData, monthStops, stopIndex } from './model.ts';

/** What can be mapped: an ICB, a region, a sub-ICB location or a place, or any network. */
const SCOPE_KINDS = new Set(['icb', 'nhs_region', 'sub_icb_location', 'place']);

/** Today in the browser, YYYY-MM-DD. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Choose the scope: an ICB, place or network, by name or code (the site search, narrowed). */
function ScopeChooser({ at, current }: { at: string | null; current: string | null }) {
  const id = useId();
  const [query, setQuery] = useState('');
  const search = useSearch(query, at, { limit: 25 });
  const hits = search.items.filter(
    (h) => h.type === 'network' || (h.type === 'organisation' && SCOPE_KINDS.has(h.kind)),
  );
  const q = query.trim();
  let status = '';
  if (q.length >= SEARCH_MIN_LENGTH && search.status === 'ok')
    status = hits.length
      ? `${countOf(hits.length, 'match', 'matches')}: press the down arrow to reach them`
      : 'No matches';
  else if (search.status === 'error') status = search.error.detail || search.error.title;
  return (
    <Finder
      id={`${id}-scope`}
      label={current ? 'Map somewhere else' : 'What to map'}
      hint="An integrated care board, a place or a network, by name or code"
      query={query}
      onQuery={setQuery}
      found={
        q.length >= SEARCH_MIN_LENGTH
          ? hits.map((h) => ({ key: `${h.type}:${h.code}`, name: h.name, detail: hitDescription(h) }))
          : []
      }
      status={status}
      noun="organisations and networks"
      onChoose={(f) => {
        setQuery('');
        navigate(stakeholdersHref(f.key.slice(f.key.indexOf(':') + 1), at));
      }}
    />
  );
}

/** The month slider: the first of each month over the last three years, then today; moving it recomputes. */
function DateSlider({ scope, at }: { scope: string | null; at: string | null }) {
  const id = useId();
  const stops = useMemo(() => monthStops(today()), []);
  const committed = stopIndex(stops, at);
  const [index, setIndex] = useState(committed);
  useEffect(() => setIndex(committed), [committed]);
  // Settle for a moment before recomputing, so dragging across months asks once.
  useEffect(() => {
    if (index === committed) return;
    const timer = setTimeout(() => {
      const date = stops[index]!;
      navigate(stakeholdersHref(scope, index === stops.length - 1 ? null : date));
    }, 400);
    return () => clearTimeout(timer);
  }, [index, committed, stops, scope]);
  const shown = formatDate(stops[index]);
  return (
    <div className="nhsuk-form-group app-stakeholder-slider">
      <label className="nhsuk-label nhsuk-label--s" htmlFor={`${id}-month`}>
        Month
      </label>
      <div className="nhsuk-hint" id={`${id}-hint`}>
        Slide across the last three years; the map recomputes for that date.
      </div>
      <input
        id={`${id}-month`}
        className="app-stakeholder-slider__input"
        type="range"
        min={0}
        max={stops.length - 1}
        step={1}
        value={index}
        aria-valuetext={index === stops.length - 1 ? `Today, ${shown}` : shown}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setIndex(Number(e.target.value))}
      />
      <output className="nhsuk-body-s app-stakeholder-slider__value" htmlFor={`${id}-month`}>
        {index === stops.length - 1 ? `Today (${shown})` : shown}
      </output>
    </div>
  );
}

/**
 * The map of one scope, once its graph has arrived. Another date keeps the map (and its filters) on show
 * until the graph for that date arrives.
 */
function ScopeMap({ scope, at }: { scope: string; at: string | null }) {
  const whole = scope === WHOLE_COUNTRY;
  const state = useApi<MapGraphData>(
    apiUrl('/analysis/graph', { scope: whole ? null : scope, at, format: 'json' }),
  );
  const [settings, setSettings] = useState<ExplorerSettings>(DEFAULT_SETTINGS);
  const [last, setLast] = useState<MapGraphData | null>(null);
  useEffect(() => {
    if (state.status === 'ok') setLast(state.data);
  }, [state.status, state.data]);
  if (state.status === 'error') {
    return (
      <ProblemPage
        error={state.error}
        heading="Stakeholder map"
        notFound={{ heading: 'Nothing to map', detail: state.error.detail }}
      />
    );
  }
  const graph = state.status === 'ok' ? state.data : last;
  if (!graph) return <Loading what="Building the stakeholder map" />;
  return (
    <>
      {state.status === 'loading' && (
        <Loading what={`Recomputing the map for ${at ? formatDate(at) : 'today'}`} />
      )}
      <MapExplorer
        graph={graph}
        scope={whole ? null : scope}
        at={at}
        settings={settings}
        onSettings={setSettings}
      />
    </>
  );
}

/**
 * /stakeholders?scope=&at= — the stakeholder map: a scope's organisations, networks and people drawn
 * in level bands, filtered and searched, with their influence explained and the rankings as tables.
 */
export function StakeholdersPage() {
  const { search } = useLocation();
  const scope = search.get('scope')?.trim() || null;
  const asAtParam = search.get('as_at');
  const at = search.get('at') || asAtParam || null;
  const mapTitle = scope === WHOLE_COUNTRY ? 'Stakeholder map of England' : 'Stakeholder map';
  useDocumentTitle(mapTitle);

  // The date control writes ?as_at=; the map keeps it as ?at=.
  useEffect(() => {
    if (asAtParam) navigate(stakeholdersHref(scope, asAtParam), { replace: true });
  }, [asAtParam, scope]);

  return (
    <>
      <Breadcrumb items={[{ href: '/', text: 'Home' }]} />
      <h1>{mapTitle}</h1>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-one-half">
          <ScopeChooser at={at} current={scope} />
          {scope !== WHOLE_COUNTRY && (
            <p className="nhsuk-body-s">
              Or <Link href={stakeholdersHref(WHOLE_COUNTRY, at)}>map the whole country</Link> (large: it can
              take a while to draw).
            </p>
          )}
          <p className="nhsuk-body-s">
            Scores use this workspace’s <Link href={STAKEHOLDER_WEIGHTS_HREF}>influence weights</Link> (how
            much a seat, a post or a tie counts).
          </p>
        </div>
        <div className="nhsuk-grid-column-one-half">
          <AsAtControl effective={at ?? today()} />
          <DateSlider scope={scope} at={at} />
        </div>
      </div>
      {scope ? (
        <ScopeMap key={scope} scope={scope} at={at} />
      ) : (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            Choose an integrated care board, a place or a network to map its organisations, networks and
            people, with who carries influence at each level.
          </p>
        </div>
      )}
    </>
  );
}
