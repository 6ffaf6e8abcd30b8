import './map.css';
import { type FormEvent, useEffect, useState } from 'react';
import { AsAtControl } from '../components/AsAtControl.tsx';
import { Breadcrumb } from '../components/Breadcrumb.tsx';
import { Loading } from '../components/Loading.tsx';
import { ProblemPage, problemTitle } from '../components/Problem.tsx';
import { apiUrl } from '../lib/api.ts';
import { formatDate } from '../lib/format.ts';
import { navigate, useLocation, withQuery } from '../lib/router.ts';
import { useApi } from '../lib/useApi.ts';
import { useAsAt } from '../lib/useAsAt.ts';
import { useDocumentTitle } from '../lib/useDocumentTitle.ts';
import { type AreaFeature, Choropleth, Legend, useClasses } from './Choropleth.tsx';
import { isMapMeasure, MAP_MEASURES, type MapMeasure } from './format.ts';
import { MapTable } from './MapTable.tsx';

/** GET /geography/map. */
interface MapData {
  measure: string;
  label: string;
  unit: string | null;
  as_at: string;
  features: AreaFeature[];
}

const HEADING = 'Map of sub-ICB locations';
const NO_FEATURES: AreaFeature[] = [];

/** Choose the measure: a labelled select and a button (choosing alone changes nothing). */
function MeasureControl({ measure, asAt }: { measure: MapMeasure; asAt: string | null }) {
  const [chosen, setChosen] = useState<MapMeasure>(measure);
  useEffect(() => setChosen(measure), [measure]);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    navigate(withQuery('/map', { measure: chosen === 'imd_score' ? null : chosen, as_at: asAt }));
  };
  return (
    <form className="app-map-measure" onSubmit={submit} noValidate aria-label="Measure to show">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-label--s" htmlFor="map-measure">
          Measure
        </label>
        <div className="app-as-at__row">
          <select
            className="nhsuk-select"
            id="map-measure"
            name="measure"
            value={chosen}
            onChange={(e) => setChosen(e.target.value as MapMeasure)}
          >
            {MAP_MEASURES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.text}
              </option>
            ))}
          </select>
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" type="submit">
            Show<span className="nhsuk-u-visually-hidden"> this measure</span>
          </button>
        </div>
      </div>
    </form>
  );
}

/**
 * /map — England's sub-ICB locations coloured by a measure, grouped into their ICBs as at a date (the
 * April 2026 mergers change which ICB an area is in), with the same data as a sortable table.
 */
export function MapPage() {
  const { asAt, link } = useAsAt();
  const { search } = useLocation();
  const asked = search.get('measure');
  const measure: MapMeasure = isMapMeasure(asked) ? asked : 'imd_score';
  const state = useApi<MapData>(apiUrl('/geography/map', { measure, as_at: asAt }));
  const data = state.data;
  const features = data?.features ?? NO_FEATURES;
  const { classes, colourOf } = useClasses(features);
  const label = data?.label ?? MAP_MEASURES.find((m) => m.value === measure)?.text ?? measure;
  useDocumentTitle(state.status === 'error' ? problemTitle(state.error, 'Map not found') : `Map: ${label}`);

  if (state.status === 'error') {
    return (
      <ProblemPage error={state.error} heading={HEADING}>
        <AsAtControl />
      </ProblemPage>
    );
  }

  const noData = features.filter((f) => f.properties.value === null).length;
  const icbs = new Set(features.map((f) => f.properties.icb_code).filter(Boolean)).size;
  return (
    <>
      <Breadcrumb items={[{ href: link('/'), text: 'Home' }]} />
      <h1>{HEADING}</h1>
      <p>
        England’s sub-ICB locations coloured by a measure, with each integrated care board outlined. Every
        area is a link to its page, and the table below the map has the same figures.
      </p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {!data && <Loading what="Loading the map" />}
          {data && features.length === 0 && (
            <div className="nhsuk-inset-text" data-testid="map-empty">
              <span className="nhsuk-u-visually-hidden">Information: </span>
              <p>No boundaries have been imported yet, so there is no map to draw.</p>
              <p>
                An admin can import them on the Imports page (import type Geography), or with{' '}
                <code>npx atlas import geography sicbl24_boundaries_derived.geojson</code>.
              </p>
            </div>
          )}
          {data && features.length > 0 && (
            <>
              <p className="nhsuk-body-s">
                <a className="nhsuk-link" href="#map-table">
                  Skip the map and go to the table
                </a>
              </p>
              <p className="nhsuk-body-s app-count-note" data-testid="map-count">
                {features.length} sub-ICB locations in {icbs} integrated care boards as at{' '}
                {formatDate(data.as_at)}.
              </p>
              <Choropleth
                features={features}
                measure={measure}
                unit={data.unit}
                label={label}
                colourOf={colourOf}
                link={link}
              />
            </>
          )}
        </div>
        <div className="nhsuk-grid-column-one-third">
          <MeasureControl measure={measure} asAt={asAt} />
          <AsAtControl effective={data?.as_at} />
          {data && features.length > 0 && (
            <Legend classes={classes} measure={measure} unit={data.unit} label={label} noData={noData} />
          )}
        </div>
      </div>
      {data && features.length > 0 && (
        <MapTable
          features={features}
          measure={measure}
          unit={data.unit}
          label={label}
          asAt={data.as_at}
          link={link}
        />
      )}
    </>
  );
}
