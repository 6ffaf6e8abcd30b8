import { describe, expect, it } from 'vitest';
import { matchRoute, networkHref, organisationHref } from './routes.ts';

describe('matchRoute', () => {
  it('matches each page', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/search')).toEqual({ page: 'search' });
    expect(matchRoute('/networks')).toEqual({ page: 'networks' });
    expect(matchRoute('/networks/')).toEqual({ page: 'networks' });
    expect(matchRoute('/organisations/QYG')).toEqual({ page: 'organisation', code: 'QYG' });
    expect(matchRoute('/organisations/E06000049/')).toEqual({ page: 'organisation', code: 'E06000049' });
    expect(matchRoute('/networks/N68')).toEqual({ page: 'network', code: 'N68' });
  });

  it('gives not_found for anything else', () => {
    for (const p of [
      '/organisations',
      '/organisations/',
      '/organisations/a/b',
      '/nope',
      '/networks/%2F',
      '/organisations/<x>',
    ]) {
      expect(matchRoute(p)).toEqual({ page: 'not_found' });
    }
  });

  it('builds links that match back', () => {
    expect(matchRoute(organisationHref('QYG'))).toEqual({ page: 'organisation', code: 'QYG' });
    expect(matchRoute(networkHref('N68'))).toEqual({ page: 'network', code: 'N68' });
  });
});
