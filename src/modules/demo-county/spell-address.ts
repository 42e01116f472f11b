/**
 * The many ways lists write one address. The assessor writes "1204 N 5TH ST",
 * a list vendor "1204 N 5th St", a treasurer's clerk "1204 N 5TH STREET #4",
 * and someone typing on a phone "1204 north fifth str apt. 4". Every spelling
 * here normalizes to the same matching key, except the deliberate typos of
 * `misspellStreet`, which are there to exercise the look-alike review.
 */
import type { DemoAddress } from './county-model.js';
import type { Random } from './seeded-random.js';

export type SpellingStyle = 'assessor' | 'treasurer' | 'vendor' | 'hand';

const DIRECTIONS: Record<string, string> = { N: 'North', S: 'South', E: 'East', W: 'West' };
const SUFFIXES: Record<string, string[]> = {
  St: ['Street', 'Str', 'St.'],
  Ave: ['Avenue', 'Av', 'Ave.'],
  Dr: ['Drive', 'Dr.'],
  Ln: ['Lane'],
  Ct: ['Court', 'Crt'],
  Rd: ['Road', 'Rd.'],
  Cir: ['Circle'],
  Way: ['Way'],
  Pkwy: ['Parkway', 'Pky'],
  Pl: ['Place'],
  Blvd: ['Boulevard', 'Blvd.'],
};
const ORDINAL_WORDS = ['', 'First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'];

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_, space: string, letter: string) => space + letter.toUpperCase());
}

function streetName(street: string, rnd: Random, style: SpellingStyle): string {
  if (style === 'assessor' || style === 'treasurer') return street;
  const ordinal = /^(\d+)(st|nd|rd|th)$/.exec(street);
  if (ordinal && Number(ordinal[1]) <= 10 && style === 'hand' && rnd.chance(0.3)) return ORDINAL_WORDS[Number(ordinal[1])]!;
  const county = /^County Road (\d+)$/.exec(street);
  if (county) return rnd.chance(0.5) ? `${rnd.pick(['CR', 'Co Rd', 'Co. Rd.'])} ${county[1]}` : street;
  const route = /^Route (\d+)$/.exec(street);
  if (route) return rnd.chance(0.5) ? `${rnd.pick(['Rt', 'Rte', 'Rt.'])} ${route[1]}` : street;
  if (street.startsWith('Saint ') && rnd.chance(0.5)) return street.replace('Saint ', rnd.pick(['St ', 'St. ']));
  if (street === 'Lake Shore' && rnd.chance(0.3)) return 'Lakeshore';
  return street;
}

function unitPart(a: DemoAddress, rnd: Random, style: SpellingStyle): string {
  if (!a.unit) return '';
  const unit = a.unit;
  let text: string;
  if (style === 'assessor') text = `${a.unitType ?? 'Unit'} ${unit}`;
  else if (style === 'treasurer') text = rnd.chance(0.6) ? `#${unit}` : `${a.unitType ?? 'Unit'} ${unit}`;
  else if (a.unitType === 'Lot') text = rnd.pick([`Lot ${unit}`, `#${unit}`, `Lot #${unit}`]);
  else if (a.unitType === 'Ste') text = rnd.pick([`Ste ${unit}`, `Suite ${unit}`, `#${unit}`]);
  else text = rnd.pick([`Apt ${unit}`, `Apt. ${unit}`, `#${unit}`, `# ${unit}`, `Unit ${unit}`]);
  return (style === 'hand' && rnd.chance(0.3) ? ', ' : ' ') + text;
}

/** The street line (with its unit unless `unit: false`) as a source of `style` would write it. */
export function spellStreetLine(a: DemoAddress, rnd: Random, style: SpellingStyle, options: { unit?: boolean } = {}): string {
  let line: string;
  if (a.poBox) {
    line = style === 'assessor' ? `PO Box ${a.poBox}` : rnd.pick([`PO Box ${a.poBox}`, `P.O. Box ${a.poBox}`, `P O Box ${a.poBox}`]);
  } else {
    const fancy = style === 'treasurer' || style === 'hand';
    const parts = [a.number];
    if (a.predir)
      parts.push(fancy && rnd.chance(0.35) ? DIRECTIONS[a.predir]! : style === 'hand' && rnd.chance(0.3) ? `${a.predir}.` : a.predir);
    parts.push(streetName(a.street, rnd, style));
    if (a.suffix) parts.push(fancy && rnd.chance(0.45) ? rnd.pick(SUFFIXES[a.suffix] ?? [a.suffix]) : a.suffix);
    if (a.postdir) parts.push(fancy && rnd.chance(0.3) ? DIRECTIONS[a.postdir]! : a.postdir);
    line = parts.join(style === 'hand' && rnd.chance(0.1) ? '  ' : ' ');
    if (options.unit !== false) line += unitPart(a, rnd, style);
  }
  switch (style) {
    case 'assessor':
    case 'treasurer':
      return line.toUpperCase();
    case 'vendor':
      return rnd.chance(0.1)
        ? line.toUpperCase()
        : titleCase(line)
            .replace(/\b(\d+)(St|Nd|Rd|Th)\b/g, (_, n: string, s: string) => n + s.toLowerCase())
            .replace(/\bPo\b/, 'PO');
    case 'hand': {
      const roll = rnd.next();
      return roll < 0.25 ? line.toLowerCase() : roll < 0.55 ? line.toUpperCase() : line;
    }
  }
}

/** The unit alone, for layouts with a unit column ("4", "#4"). */
export function spellUnit(a: DemoAddress, rnd: Random): string {
  if (!a.unit) return '';
  return rnd.chance(0.2) ? `#${a.unit}` : a.unit;
}

/** A city as the style writes it; hand-kept sheets often leave it out. */
export function spellCity(city: string, rnd: Random, style: SpellingStyle): string {
  if (style === 'assessor' || style === 'treasurer') return city.toUpperCase();
  if (style === 'hand') return rnd.chance(0.4) ? '' : rnd.chance(0.5) ? city.toUpperCase() : city;
  return rnd.chance(0.15) ? city.toUpperCase() : city;
}

/**
 * The same street line with two letters of the street name swapped ("LINOCLN"),
 * as a hurried typist writes it; undefined when the name is too short or numbered.
 */
export function misspellStreet(a: DemoAddress, rnd: Random): DemoAddress | undefined {
  const name = a.street;
  if (!/^[A-Za-z]{6,}/.test(name)) return undefined;
  // Swap two different letters inside the first word, never the first two.
  const word = /^[A-Za-z]+/.exec(name)![0];
  const spots = [];
  for (let i = 2; i < word.length - 1; i++) if (word[i]!.toLowerCase() !== word[i + 1]!.toLowerCase()) spots.push(i);
  if (spots.length === 0) return undefined;
  const at = rnd.pick(spots);
  return { ...a, street: name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2) };
}
