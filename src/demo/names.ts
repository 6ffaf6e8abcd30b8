/**
 * Names for the demo's fictional people. Given names are common given names (shared by very many
 * people, so they name nobody). Family names are invented: a made-up first part and an English
 * place-name ending ("Dapple" + "combe"), so the demo never names a real person.
 */
import type { Rng } from './random.ts';

/** Common given names, as used across the NHS workforce. */
export const GIVEN_NAMES = [
  'Aaron',
  'Abigail',
  'Adam',
  'Adeola',
  'Aisha',
  'Alexander',
  'Alice',
  'Amara',
  'Amelia',
  'Amir',
  'Ana',
  'Andrew',
  'Anjali',
  'Anna',
  'Arjun',
  'Beatrice',
  'Ben',
  'Bethan',
  'Bilal',
  'Caitlin',
  'Callum',
  'Catherine',
  'Charlotte',
  'Chen',
  'Chloe',
  'Chukwuemeka',
  'Claire',
  'Daniel',
  'David',
  'Deborah',
  'Declan',
  'Eleanor',
  'Elena',
  'Eliza',
  'Emily',
  'Emma',
  'Ewan',
  'Fatima',
  'Fiona',
  'Florence',
  'Gareth',
  'Grace',
  'Hannah',
  'Harriet',
  'Harry',
  'Helen',
  'Ibrahim',
  'Imogen',
  'Isaac',
  'Isla',
  'Jack',
  'James',
  'Jasmine',
  'Joanna',
  'Jonathan',
  'Joseph',
  'Julia',
  'Karen',
  'Katarzyna',
  'Kavita',
  'Kwame',
  'Laura',
  'Leah',
  'Liam',
  'Lucy',
  'Mark',
  'Martha',
  'Matthew',
  'Mei',
  'Michael',
  'Mohammed',
  'Naomi',
  'Nathan',
  'Niamh',
  'Nicola',
  'Oliver',
  'Olivia',
  'Oluwaseun',
  'Omar',
  'Owen',
  'Patrick',
  'Paul',
  'Phoebe',
  'Priya',
  'Rachel',
  'Rebecca',
  'Rhys',
  'Richard',
  'Rohan',
  'Rosa',
  'Ruth',
  'Ryan',
  'Samira',
  'Samuel',
  'Sarah',
  'Simon',
  'Sofia',
  'Sophie',
  'Stephen',
  'Tariq',
  'Thomas',
  'Tobias',
  'Victoria',
  'William',
  'Yasmin',
  'Yusuf',
  'Zainab',
  'Zofia',
] as const;

/** Invented first parts of a family name. */
export const FAMILY_NAME_STARTS = [
  'Ambel',
  'Brackle',
  'Corrin',
  'Dapple',
  'Eskel',
  'Fallow',
  'Glimmer',
  'Hobble',
  'Ivel',
  'Kestle',
  'Lindle',
  'Mossel',
  'Norrin',
  'Orrel',
  'Pebble',
  'Quill',
  'Rushen',
  'Saffer',
  'Tansel',
  'Umber',
  'Vellan',
  'Wrenne',
  'Yarrel',
  'Brindle',
  'Cobble',
  'Drummel',
  'Fennet',
  'Gossam',
  'Hollin',
  'Juniper',
  'Larken',
  'Merrow',
  'Pellam',
  'Rookle',
  'Skirrow',
  'Thistle',
  'Tumble',
  'Whinny',
  'Zennor',
  'Ashel',
] as const;

/** English place-name endings: the second part of a family name. */
export const FAMILY_NAME_ENDS = [
  'combe',
  'wick',
  'thorpe',
  'stead',
  'bury',
  'more',
  'dale',
  'ridge',
  'worth',
  'hurst',
  'holme',
  'garth',
  'leigh',
  'ton',
  'field',
  'brook',
  'cote',
  'well',
  'mere',
  'by',
  'shaw',
  'den',
  'fold',
  'wood',
] as const;

/** An invented family name. */
export function familyName(rng: Rng): string {
  return rng.pick(FAMILY_NAME_STARTS) + rng.pick(FAMILY_NAME_ENDS);
}

/** A common given name. */
export function givenName(rng: Rng): string {
  return rng.pick(GIVEN_NAMES);
}

/** Whether a family name is one the generator composes (an invented start and a known ending). */
export function isComposedFamilyName(name: string): boolean {
  return FAMILY_NAME_STARTS.some(
    (s) => name.startsWith(s) && (FAMILY_NAME_ENDS as readonly string[]).includes(name.slice(s.length)),
  );
}

/** The local part of a work email: given.family, lower case, letters only. */
export function emailLocalPart(given: string, family: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return `${clean(given)}.${clean(family)}`;
}

/** A telephone number from Ofcom's ranges kept for drama: never anyone's real number. */
export function dramaPhone(rng: Rng): string {
  const n = String(rng.int(0, 999)).padStart(3, '0');
  return rng.chance(0.7) ? `01632 960${n}` : `07700 900${n}`;
}
