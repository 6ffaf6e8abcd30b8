/** The map's measures and how their values read. */

export const MAP_MEASURES = [
  { value: 'imd_score', text: 'IMD 2019 score of practices, weighted by list size', short: 'IMD score' },
  {
    value: 'deprived_share',
    text: 'Share of LSOAs in the most deprived fifth of England',
    short: 'LSOAs in the most deprived fifth',
  },
  { value: 'list_size', text: 'Registered patients', short: 'Registered patients' },
  { value: 'practices', text: 'GP practices', short: 'GP practices' },
] as const;

export type MapMeasure = (typeof MAP_MEASURES)[number]['value'];

export function isMapMeasure(s: string | null): s is MapMeasure {
  return MAP_MEASURES.some((m) => m.value === s);
}

/** A value of the measure as people read it: "23.4", "41.2%", "312,400". */
export function formatValue(value: number | null, measure: string, unit: string | null | undefined): string {
  if (value === null || !Number.isFinite(value)) return 'no data';
  const u = (unit ?? '').trim();
  if (u === '%' || u === 'percent') return `${value.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
  if (u === 'share' || u === 'proportion' || u === 'fraction')
    return `${(value * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
  const whole = measure === 'list_size' || measure === 'practices' || Number.isInteger(value);
  return value.toLocaleString('en-GB', whole ? { maximumFractionDigits: 0 } : { maximumFractionDigits: 1 });
}

/** The short name of a measure, for a table's column. */
export const shortLabel = (measure: string): string =>
  MAP_MEASURES.find((m) => m.value === measure)?.short ?? measure;
