import { describe, expect, it } from 'vitest';
import { decisionsText, groupPersonas, linesOf, personaBody, personaDraftProblems } from './personas.ts';

const draft = {
  name: '  Community pharmacy lead ',
  level: 'place',
  summary: ' Leads community pharmacy at place. ',
  decisions: ['formulary', 'pilot_adoption'],
  lookingFor: '- Evidence of outcomes\n\n  • Fits the local formulary  \n',
  professions: ['pharmacist'],
};

describe('personas', () => {
  it('shows key personas first, then base roles, then the workspace’s own, each by level then name', () => {
    const groups = groupPersonas([
      { code: 'c', category: 'custom', level: 'place', name: 'Our lead' },
      { code: 'b2', category: 'base', level: 'neighbourhood', name: 'Practice manager' },
      { code: 'k2', category: 'key', level: 'system', name: 'ICS Programme Lead' },
      { code: 'b1', category: 'base', level: 'neighbourhood', name: 'GP partner' },
      { code: 'k1', category: 'key', level: 'regional', name: 'Clinical Network Lead' },
    ]);
    expect(groups.map((g) => [g.heading, g.items.map((p) => p.code)])).toEqual([
      ['Key personas', ['k1', 'k2']],
      ['Base roles', ['b1', 'b2']],
      ['Your workspace’s own personas', ['c']],
    ]);
  });

  it('writes decisions in words', () => {
    expect(decisionsText(['formulary', 'budget', 'pilot_adoption'])).toBe(
      'Formulary, budget and pilot adoption',
    );
    expect(decisionsText([])).toBe('None recorded');
  });

  it('takes one point a line from "what it looks for", without bullets or blank lines', () => {
    expect(linesOf(draft.lookingFor)).toEqual(['Evidence of outcomes', 'Fits the local formulary']);
    expect(personaBody(draft)).toEqual({
      name: 'Community pharmacy lead',
      level: 'place',
      summary: 'Leads community pharmacy at place.',
      decisions: ['formulary', 'pilot_adoption'],
      looks_for: ['Evidence of outcomes', 'Fits the local formulary'],
      professions: ['pharmacist'],
    });
  });

  it('names the field of each problem with a draft', () => {
    expect(personaDraftProblems(draft)).toEqual([]);
    expect(personaDraftProblems({ ...draft, name: ' ', level: '' })).toEqual([
      { field: 'name', message: 'Enter a name for the persona' },
      { field: 'level', message: 'Choose the level the persona works at' },
    ]);
    expect(
      personaDraftProblems({
        ...draft,
        lookingFor: Array.from({ length: 31 }, (_, i) => `Point ${i}`).join('\n'),
      }),
    ).toEqual([{ field: 'looks_for', message: 'Give at most 30 points, one a line' }]);
    expect(personaDraftProblems({ ...draft, lookingFor: 'x'.repeat(401) })).toEqual([
      { field: 'looks_for', message: 'Each point must be 400 characters or fewer' },
    ]);
  });
});
