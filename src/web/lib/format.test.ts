import { describe, expect, it } from 'vitest';
import { countOf, formatDate, isIsoDate, listOf, slug } from './format.ts';

describe('format', () => {
  it('writes dates as people read them', () => {
    expect(formatDate('2026-11-24')).toBe('24 November 2026');
    expect(formatDate('2026-04-01')).toBe('1 April 2026');
    expect(formatDate(null)).toBe('');
  });

  it('counts with the right noun', () => {
    expect(countOf(1, 'region')).toBe('1 region');
    expect(countOf(36, 'integrated care board')).toBe('36 integrated care boards');
    expect(countOf(1200, 'match', 'matches')).toBe('1,200 matches');
  });

  it('lists names in English', () => {
    expect(listOf([])).toBe('');
    expect(listOf(['A'])).toBe('A');
    expect(listOf(['A', 'B'])).toBe('A and B');
    expect(listOf(['A', 'B', 'C'])).toBe('A, B and C');
  });

  it('makes safe file names', () => {
    expect(slug('NHS Cheshire and Merseyside ICB')).toBe('nhs-cheshire-and-merseyside-icb');
    expect(slug('Sub-ICB locations')).toBe('sub-icb-locations');
    expect(slug('../../etc')).toBe('etc');
    expect(slug('')).toBe('atlas');
  });

  it('knows a real date', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('24/11/2026')).toBe(false);
  });
});
