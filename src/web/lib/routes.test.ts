import { describe, expect, it } from 'vitest';
import {
  matchRoute,
  networkHref,
  organisationHref,
  personaHref,
  personEditHref,
  personHref,
  stakeholdersHref,
  subjectAccessHref,
  WHOLE_COUNTRY,
} from './routes.ts';

describe('matchRoute', () => {
  it('matches each page', () => {
    expect(matchRoute('/')).toEqual({ page: 'home' });
    expect(matchRoute('/search')).toEqual({ page: 'search' });
    expect(matchRoute('/networks')).toEqual({ page: 'networks' });
    expect(matchRoute('/networks/')).toEqual({ page: 'networks' });
    expect(matchRoute('/organisations/QYG')).toEqual({ page: 'organisation', code: 'QYG' });
    expect(matchRoute('/organisations/E06000049/')).toEqual({ page: 'organisation', code: 'E06000049' });
    expect(matchRoute('/networks/N68')).toEqual({ page: 'network', code: 'N68' });
    const long = 'odn-cheshire-and-mersey-major-trauma-specialised-clinical-network';
    expect(matchRoute(`/networks/${long}`)).toEqual({ page: 'network', code: long });
  });

  it('matches the people pages, fixed paths before a person id', () => {
    expect(matchRoute('/people')).toEqual({ page: 'people' });
    expect(matchRoute('/people/')).toEqual({ page: 'people' });
    expect(matchRoute('/people/new')).toEqual({ page: 'person_new' });
    expect(matchRoute('/people/import')).toEqual({ page: 'people_import' });
    expect(matchRoute('/people/freshness')).toEqual({ page: 'people_freshness' });
    expect(matchRoute('/people/42')).toEqual({ page: 'person', id: 42 });
    expect(matchRoute('/people/42/')).toEqual({ page: 'person', id: 42 });
    expect(matchRoute('/people/42/edit')).toEqual({ page: 'person_edit', id: 42 });
    expect(matchRoute('/people/42/subject-access')).toEqual({ page: 'person_subject_access', id: 42 });
    expect(matchRoute('/personas')).toEqual({ page: 'personas' });
    expect(matchRoute('/personas/ics-chief-pharmacist')).toEqual({
      page: 'persona',
      code: 'ics-chief-pharmacist',
    });
  });

  it('gives not_found for anything else', () => {
    for (const p of [
      '/organisations',
      '/organisations/',
      '/organisations/a/b',
      '/nope',
      '/networks/%2F',
      '/organisations/<x>',
      '/people/0',
      '/people/-1',
      '/people/abc',
      '/people/42/delete',
      '/people/1234567890123456',
      '/personas/UPPER',
      '/personas/a/b',
    ]) {
      expect(matchRoute(p)).toEqual({ page: 'not_found' });
    }
  });

  it('builds links that match back', () => {
    expect(matchRoute(organisationHref('QYG'))).toEqual({ page: 'organisation', code: 'QYG' });
    expect(matchRoute(networkHref('N68'))).toEqual({ page: 'network', code: 'N68' });
    expect(matchRoute(personHref(7))).toEqual({ page: 'person', id: 7 });
    expect(matchRoute(personEditHref(7))).toEqual({ page: 'person_edit', id: 7 });
    expect(matchRoute(subjectAccessHref(7))).toEqual({ page: 'person_subject_access', id: 7 });
    expect(matchRoute(personaHref('pcn-clinical-director'))).toEqual({
      page: 'persona',
      code: 'pcn-clinical-director',
    });
  });
});

describe('the stakeholder map', () => {
  it('matches /stakeholders with or without a trailing slash', () => {
    expect(matchRoute('/stakeholders')).toEqual({ page: 'stakeholders' });
    expect(matchRoute('/stakeholders/')).toEqual({ page: 'stakeholders' });
    expect(matchRoute('/stakeholders/QYG')).toEqual({ page: 'not_found' });
  });

  it('carries the scope and date in the query', () => {
    expect(stakeholdersHref()).toBe('/stakeholders');
    expect(stakeholdersHref('QYG')).toBe('/stakeholders?scope=QYG');
    expect(stakeholdersHref('QYG', '2025-04-01')).toBe('/stakeholders?scope=QYG&at=2025-04-01');
    const href = new URL(stakeholdersHref(WHOLE_COUNTRY, null), 'http://x.invalid');
    expect(href.pathname).toBe('/stakeholders');
    expect(href.searchParams.get('scope')).toBe(WHOLE_COUNTRY);
    const network = new URL(stakeholdersHref('odn-north west & co'), 'http://x.invalid');
    expect(network.searchParams.get('scope')).toBe('odn-north west & co');
  });
});
