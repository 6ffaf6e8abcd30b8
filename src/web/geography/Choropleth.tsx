import { useMemo, useState } from 'react';
import { Link } from '../components/Link.tsx';
import { organisationHref } from '../lib/routes.ts';
import { formatValue } from './format.ts';
import {
  boundsOf,
  fitProjection,
  type Geometry,
  groupOutline,
  pathData,
  projectGeometry,
  quantileClasses,
  type Ring,
  type ValueClass,
} from './projection.ts';

/** One sub-ICB location as GET /geography/map gives it. */
export interface AreaFeature {
  type: 'Feature';
  geometry: Geometry | null;
  properties: {
    code: string;
    name: string;
    icb_code: string | null;
    icb_name: string | null;
    value: number | null;
  };
}

/** ColorBrewer YlGnBu, 5 classes: sequential and safe for colour-blind readers. */
export const PALETTE = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
export const NO_DATA_PATTERN = 'app-map-no-data';

const WIDTH = 600;

interface DrawnArea {
  feature: AreaFeature;
  d: string;
}

interface DrawnIcb {
  code: string;
  name: string;
  areas: DrawnArea[];
  outline: string;
}

/** The classes of the values and each area's colour, shared by the map, its legend and the table. */
export function useClasses(features: readonly AreaFeature[]): {
  classes: ValueClass[];
  colourOf: (value: number | null) => string | null;
} {
  return useMemo(() => {
    const { classes, classOf } = quantileClasses(features.map((f) => f.properties.value));
    return {
      classes,
      colourOf: (v: number | null) => {
        const c = classOf(v);
        return c === null ? null : (PALETTE[c] ?? null);
      },
    };
  }, [features]);
}

/** The hatching that marks an area with no data, for the map and its legend alike. */
export function NoDataPattern({ id = NO_DATA_PATTERN }: { id?: string }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
      <rect width="6" height="6" fill="#ffffff" />
      <line x1="0" y1="0" x2="0" y2="6" stroke="#768692" strokeWidth="2" />
    </pattern>
  );
}

/**
 * England's sub-ICB locations as an SVG choropleth: each area a link to its page (its <title> says
 * "name: value"), grouped by ICB with each ICB's outline drawn over them, and the focused or hovered
 * area outlined on top.
 */
export function Choropleth({
  features,
  measure,
  unit,
  label,
  colourOf,
  link,
}: {
  features: readonly AreaFeature[];
  measure: string;
  unit: string | null;
  label: string;
  colourOf: (value: number | null) => string | null;
  link: (path: string) => string;
}) {
  const [active, setActive] = useState<string | null>(null);

  const drawn = useMemo(() => {
    const withShape = features.filter((f): f is AreaFeature & { geometry: Geometry } => f.geometry !== null);
    const bounds = boundsOf(withShape.map((f) => f.geometry));
    if (!bounds) return null;
    const projection = fitProjection(bounds, WIDTH);
    const icbs = new Map<string, { name: string; areas: { feature: AreaFeature; rings: Ring[][] }[] }>();
    for (const f of withShape) {
      const key = f.properties.icb_code ?? `none:${f.properties.code}`;
      const icb = icbs.get(key) ?? { name: f.properties.icb_name ?? '', areas: [] };
      icb.areas.push({ feature: f, rings: projectGeometry(f.geometry, projection.project) });
      icbs.set(key, icb);
    }
    const groups = [...icbs.entries()]
      .sort((a, b) => a[1].name.localeCompare(b[1].name))
      .map(
        ([code, icb]): DrawnIcb => ({
          code,
          name: icb.name,
          outline: groupOutline(icb.areas.map((a) => a.rings)),
          areas: icb.areas
            .sort((a, b) => a.feature.properties.name.localeCompare(b.feature.properties.name))
            .map((a) => ({ feature: a.feature, d: pathData(a.rings) })),
        }),
      );
    return { width: projection.width, height: projection.height, groups };
  }, [features]);

  if (!drawn) return null;
  const activeArea = drawn.groups.flatMap((g) => g.areas).find((a) => a.feature.properties.code === active);
  const activeIcb = drawn.groups.find((g) => g.areas.some((a) => a.feature.properties.code === active));

  return (
    <div className="app-map">
      <svg
        className="app-map__svg"
        viewBox={`0 0 ${drawn.width} ${drawn.height}`}
        aria-label={`Map of England’s sub-ICB locations: ${label}. Each area is a link to its page.`}
        data-testid="map"
      >
        <defs>
          <NoDataPattern />
        </defs>
        <g className="app-map__areas">
          {drawn.groups.map((icb) => (
            <g key={icb.code} className="app-map__icb" data-icb={icb.code}>
              {icb.areas.map(({ feature, d }) => {
                const p = feature.properties;
                const colour = colourOf(p.value);
                return (
                  <Link
                    key={p.code}
                    href={link(organisationHref(p.code))}
                    className="app-map__area"
                    onFocus={() => setActive(p.code)}
                    onBlur={() => setActive((a) => (a === p.code ? null : a))}
                    onMouseEnter={() => setActive(p.code)}
                    onMouseLeave={() => setActive((a) => (a === p.code ? null : a))}
                  >
                    <title>{`${p.name}: ${formatValue(p.value, measure, unit)}`}</title>
                    <path
                      d={d}
                      fill={colour ?? `url(#${NO_DATA_PATTERN})`}
                      fillRule="evenodd"
                      className="app-map__shape"
                    />
                  </Link>
                );
              })}
            </g>
          ))}
        </g>
        <g className="app-map__icb-outlines">
          {drawn.groups.map((icb) => (
            <path key={icb.code} d={icb.outline} className="app-map__icb-outline" />
          ))}
        </g>
        {activeArea && (
          <g className="app-map__active">
            <path d={activeArea.d} fillRule="evenodd" className="app-map__active-outer" />
            <path d={activeArea.d} fillRule="evenodd" className="app-map__active-inner" />
          </g>
        )}
      </svg>
      <div className="app-map__detail" data-testid="map-detail">
        {activeArea ? (
          <p className="nhsuk-body-s">
            <strong>{activeArea.feature.properties.name}</strong>
            {activeIcb?.name ? ` in ${activeIcb.name}` : ''}:{' '}
            {formatValue(activeArea.feature.properties.value, measure, unit)}
          </p>
        ) : (
          <p className="nhsuk-body-s app-count-note">Point to or tab to an area to see its value.</p>
        )}
      </div>
    </div>
  );
}

/** The legend: five classes of values (lowest first) and "no data". */
export function Legend({
  classes,
  measure,
  unit,
  label,
  noData,
}: {
  classes: readonly ValueClass[];
  measure: string;
  unit: string | null;
  label: string;
  noData: number;
}) {
  return (
    <div className="app-map-legend" data-testid="map-legend">
      <h2 className="nhsuk-heading-s" id="map-legend-heading">
        Key: {label}
      </h2>
      <ul className="nhsuk-list app-map-legend__list" aria-labelledby="map-legend-heading">
        {classes.map((c) => (
          <li key={c.index} className="app-map-legend__item">
            <svg
              className="app-map-legend__swatch"
              viewBox="0 0 24 16"
              width="24"
              height="16"
              aria-hidden="true"
            >
              <rect width="24" height="16" fill={PALETTE[c.index]} stroke="#4c6272" />
            </svg>
            <span>
              {c.min === c.max
                ? formatValue(c.min, measure, unit)
                : `${formatValue(c.min, measure, unit)} to ${formatValue(c.max, measure, unit)}`}{' '}
              <span className="app-count-note">({c.count === 1 ? '1 area' : `${c.count} areas`})</span>
            </span>
          </li>
        ))}
        {noData > 0 && (
          <li className="app-map-legend__item">
            <svg
              className="app-map-legend__swatch"
              viewBox="0 0 24 16"
              width="24"
              height="16"
              aria-hidden="true"
            >
              <defs>
                <NoDataPattern id="app-map-legend-no-data" />
              </defs>
              <rect width="24" height="16" fill="url(#app-map-legend-no-data)" stroke="#4c6272" />
            </svg>
            <span>
              No data <span className="app-count-note">({noData === 1 ? '1 area' : `${noData} areas`})</span>
            </span>
          </li>
        )}
      </ul>
      <p className="nhsuk-body-s app-count-note">
        Classes hold about equal numbers of areas (quintiles); darker is higher.
      </p>
    </div>
  );
}
