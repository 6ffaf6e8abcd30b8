import { describe, expect, it } from 'vitest';
import { changeWindow, monthsProblem, staleShare } from './FreshnessPage.tsx';

describe('freshness', () => {
  it('gives the share of stale records as people read it', () => {
    expect(staleShare({ total: 40, stale: 10 })).toBe('25%');
    expect(staleShare({ total: 3, stale: 2 })).toBe('67%');
    expect(staleShare({ total: 1000, stale: 3 })).toBe('under 1%');
    expect(staleShare({ total: 10, stale: 0 })).toBe('0%');
    expect(staleShare({ total: 0, stale: 0 })).toBe('–');
  });

  it('checks the stale-after setting as the API does: whole months from 1 to 120', () => {
    expect(monthsProblem('12')).toBeNull();
    expect(monthsProblem(' 120 ')).toBeNull();
    expect(monthsProblem('')).toBe('Enter the number of months after which a record is stale');
    expect(monthsProblem('1.5')).toBe('Months must be a whole number, like 12');
    expect(monthsProblem('0')).toBe('Months must be between 1 and 120');
    expect(monthsProblem('121')).toBe('Months must be between 1 and 120');
  });

  it('offers 7, 30, 90 or 365 days of changes, 30 otherwise', () => {
    expect(changeWindow('90')).toBe(90);
    expect(changeWindow(null)).toBe(30);
    expect(changeWindow('45')).toBe(30);
  });
});
