import { describe, expect, it } from 'vitest';
import {
  countRows,
  makeupSentence,
  memberName,
  patientInvolvementText,
  professionLabels,
  sectorLabels,
  sortMembers,
  triadRows,
  triadSummary,
} from './RosterMakeup.ts';

const ada = { id: 1, name: 'Dr Ada Testwell' };
const bo = { id: 2, name: 'Bo Samplewood' };
const cy = { id: 3, name: 'Cy Exampleton' };

describe('roster make-up', () => {
  it('names each post of the triad, or shows it missing', () => {
    const triad = { lead_doctor: ada, lead_nurse: null, lead_manager: cy, complete: false };
    expect(triadRows(triad).map((r) => [r.label, r.person?.name ?? 'missing'])).toEqual([
      ['Lead doctor', 'Dr Ada Testwell'],
      ['Lead nurse', 'missing'],
      ['Lead manager', 'Cy Exampleton'],
    ]);
    expect(triadSummary(triad)).toBe('No lead nurse.');
    expect(triadSummary({ lead_doctor: null, lead_nurse: null, lead_manager: null, complete: false })).toBe(
      'No lead doctor, lead nurse or lead manager.',
    );
    expect(triadSummary({ lead_doctor: ada, lead_nurse: bo, lead_manager: cy, complete: true })).toBe(
      'A lead doctor, a lead nurse and a lead manager are all named.',
    );
  });

  it('says whether patients are involved', () => {
    expect(patientInvolvementText({ present: true, members: 2 })).toBe('2 patient or carer representatives.');
    expect(patientInvolvementText({ present: true, members: 1 })).toBe('1 patient or carer representative.');
    expect(patientInvolvementText({ present: false, members: 0 })).toBe(
      'No patient or carer representative sits on it.',
    );
  });

  it('sums up who sits on the network and who can vote', () => {
    expect(makeupSentence({ people: 12, organisations: 2, voting: 9 })).toBe(
      '14 members: 12 people and 2 organisations. 9 can vote.',
    );
    expect(makeupSentence({ people: 1, organisations: 0, voting: 1 })).toBe(
      '1 member: 1 person. All can vote.',
    );
    expect(makeupSentence({ people: 3, organisations: 0, voting: 0 })).toBe(
      '3 members: 3 people. None can vote.',
    );
    expect(makeupSentence({ people: 0, organisations: 0, voting: 0 })).toBe(
      'No members are recorded on this date.',
    );
  });

  it('lists counts largest first, labelled, without zeros', () => {
    const rows = countRows({ nurse: 2, gp: 5, pharmacist: 2, dentist: 0, unknown: 1 }, professionLabels);
    expect(rows.map((r) => [r.label, r.count])).toEqual([
      ['GP', 5],
      ['Nurse', 2],
      ['Pharmacist', 2],
      ['Not recorded', 1],
    ]);
    expect(countRows({ lay: 1, primary: 3 }, sectorLabels).map((r) => r.label)).toEqual([
      'Primary care',
      'Lay (patients and carers)',
    ]);
  });

  it('orders members with the chair and triad first, then by name', () => {
    const m = (
      role: string,
      person: typeof ada | null,
      organisation: { code: string; name: string } | null = null,
    ) => ({
      role: role as never,
      person: person ? { ...person, professions: [] } : null,
      organisation: organisation as never,
    });
    const sorted = sortMembers([
      m('member', bo),
      m('member', ada),
      m('network_manager', cy),
      m('chair', bo),
      m('observer', null, { code: 'RX1', name: 'Example Trust' }),
    ]);
    expect(sorted.map((x) => `${x.role}:${memberName(x)}`)).toEqual([
      'chair:Bo Samplewood',
      'network_manager:Cy Exampleton',
      'member:Bo Samplewood',
      'member:Dr Ada Testwell',
      'observer:Example Trust',
    ]);
  });
});
