import { describe, expect, it } from 'vitest';
import { hitCode, hitDescription, hitHref, hitKind } from './hits.ts';
import type { SearchHit } from './useSearch.ts';

const icb: SearchHit = {
  type: 'organisation',
  code: 'QYG',
  name: 'NHS Cheshire and Merseyside Integrated Care Board',
  kind: 'icb',
  kind_label: 'Integrated care board',
  context: 'North West',
  status: 'open',
  score: 5,
};
const network: SearchHit = {
  ...icb,
  type: 'network',
  code: 'cancer-north',
  kind: 'cancer_alliance',
  kind_label: 'Cancer Alliance',
};
const person: SearchHit = {
  type: 'person',
  code: '42',
  name: 'Dr Ada Testwell',
  kind: 'person',
  kind_label: 'Practice manager',
  context: 'Riverside Surgery',
  status: 'open',
  score: 1,
};

describe('search hits', () => {
  it('link to the page of what they found', () => {
    expect(hitHref(icb)).toBe('/organisations/QYG');
    expect(hitHref(network)).toBe('/networks/cancer-north');
    expect(hitHref(person)).toBe('/people/42');
  });

  it('describe a person by their post and where it is held, never by their id', () => {
    expect(hitDescription(person)).toBe('Person · Practice manager · Riverside Surgery');
    expect(hitKind(person)).toBe('Person: Practice manager');
    expect(hitCode(person)).toBe('');
    // Without a post or profession the API says only "Person": it is not repeated.
    const bare = { ...person, kind_label: 'Person', context: null };
    expect(hitDescription(bare)).toBe('Person');
    expect(hitKind(bare)).toBe('Person');
  });

  it('describe organisations and networks by kind, code and place', () => {
    expect(hitDescription(icb)).toBe('Integrated care board · QYG · North West');
    expect(hitKind(icb)).toBe('Integrated care board');
    expect(hitCode(network)).toBe('cancer-north');
  });
});
