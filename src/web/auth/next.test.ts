import { describe, expect, it } from 'vitest';
import { matchRoute } from '../lib/routes.ts';
import { safeNext, withNext } from './next.ts';
import { groupKey } from './SecondFactorSetupPage.tsx';

describe('safeNext', () => {
  it('keeps paths on this site, with their query', () => {
    expect(safeNext('/organisations/QYG')).toBe('/organisations/QYG');
    expect(safeNext('/invitation?token=abc')).toBe('/invitation?token=abc');
    expect(safeNext('/networks?kind=cancer_alliance#top')).toBe('/networks?kind=cancer_alliance#top');
  });

  it('sends anything else to the national summary', () => {
    for (const bad of [
      null,
      '',
      'https://example.org/',
      '//example.org/x',
      '/\\example.org',
      'javascript:alert(1)',
      '/sign-in',
      '/sign-in/second-factor?next=/x',
      '/a\nb',
      `/${'x'.repeat(2001)}`,
    ]) {
      expect(safeNext(bad)).toBe('/');
    }
  });

  it('adds ?next= only when it goes somewhere', () => {
    expect(withNext('/sign-in', '/')).toBe('/sign-in');
    expect(withNext('/sign-in', '/organisations/QYG')).toBe('/sign-in?next=%2Forganisations%2FQYG');
    expect(withNext('/sign-in', 'https://example.org')).toBe('/sign-in');
  });
});

describe('account routes', () => {
  it('matches each account and workspace page', () => {
    expect(matchRoute('/sign-in')).toEqual({ page: 'sign_in' });
    expect(matchRoute('/sign-in/second-factor')).toEqual({ page: 'second_factor' });
    expect(matchRoute('/setup')).toEqual({ page: 'setup' });
    expect(matchRoute('/invitation/')).toEqual({ page: 'invitation' });
    expect(matchRoute('/account/second-factor')).toEqual({ page: 'account_second_factor' });
    expect(matchRoute('/account/tokens')).toEqual({ page: 'account_tokens' });
    expect(matchRoute('/workspace/members')).toEqual({ page: 'workspace_members' });
    expect(matchRoute('/workspace/settings')).toEqual({ page: 'workspace_settings' });
    expect(matchRoute('/workspace/audit')).toEqual({ page: 'workspace_audit' });
    expect(matchRoute('/workspace/nope')).toEqual({ page: 'not_found' });
  });

  it('groups a secret key in fours', () => {
    expect(groupKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});
