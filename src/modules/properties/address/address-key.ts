/**
 * The address key: a deterministic string that is equal for two spellings of
 * the same delivery point. It is stored in the database and used to match
 * imported rows to existing properties, so its format must not change without
 * a migration that recomputes stored keys.
 *
 * Format (version 1), fields joined by '|', every field already in USPS form:
 *
 *   street address   AREA|NUMBER|PREDIR|STREET|SUFFIX|POSTDIR|UNIT
 *   PO box           AREA|POBOX|BOX
 *   rural / HC route AREA|ROUTE|BOX            e.g. 62701|RR2|15
 *
 * AREA    the 5-digit ZIP; without one, STATE:CITY (city without spaces, e.g.
 *         IL:SPRINGFIELD); with neither, empty. The same house keyed with and
 *         without its ZIP gets two different keys: the area is what keeps
 *         "123 MAIN ST" in two towns apart.
 * NUMBER  as normalized ("123", "123-45", "12A", "123 1/2").
 * STREET  the name with spaces and hyphens removed and SAINT/MOUNT/FORT
 *         written ST/MT/FT, so "MC DONALD" = "MCDONALD" and "SAINT JOHNS" = "ST JOHNS".
 * UNIT    the unit number only, leading zeros dropped, the designator ignored
 *         (APT 4 = UNIT 4 = # 4); for designators without a number (REAR, PH,
 *         BSMT…) the designator itself. Empty when there is no unit. Only the
 *         innermost unit counts (STE 120 of "BLDG 100 STE 120").
 *
 * No key (null) when there is neither a house number nor a box: such a row
 * cannot name one delivery point.
 */

export interface KeyParts {
  number: string | null;
  predirectional: string | null;
  street: string | null;
  suffix: string | null;
  postdirectional: string | null;
  unitType: string | null;
  unitNumber: string | null;
  poBox: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
}

const KEY_WORDS: ReadonlyMap<string, string> = new Map([
  ['SAINT', 'ST'],
  ['MOUNT', 'MT'],
  ['FORT', 'FT'],
]);

function compactName(name: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const space = name.indexOf(' ', from);
    const word = space < 0 ? name.slice(from) : name.slice(from, space);
    out += KEY_WORDS.get(word) ?? word;
    if (space < 0) break;
    from = space + 1;
  }
  return out.includes('-') ? out.replaceAll('-', '') : out;
}

function area(parts: KeyParts): string {
  if (parts.zip !== null) return parts.zip;
  if (parts.city === null && parts.state === null) return '';
  return `${parts.state ?? ''}:${parts.city === null ? '' : parts.city.replaceAll(' ', '')}`;
}

function unitPart(parts: KeyParts): string {
  const id = parts.unitNumber;
  if (id === null) return parts.unitType === null || parts.unitType === '#' ? '' : parts.unitType;
  let i = 0;
  while (i < id.length - 1 && id.charCodeAt(i) === 48) i++;
  return id.slice(i);
}

/** The stable matching key for normalized address parts, or null when they name no delivery point. */
export function addressKey(parts: KeyParts): string | null {
  if (parts.poBox !== null) {
    const kind = parts.street === null ? 'POBOX' : compactName(parts.street);
    return `${area(parts)}|${kind}|${parts.poBox}`;
  }
  if (parts.number === null) return null;
  return [
    area(parts),
    parts.number,
    parts.predirectional ?? '',
    parts.street === null ? '' : compactName(parts.street),
    parts.suffix ?? '',
    parts.postdirectional ?? '',
    unitPart(parts),
  ].join('|');
}
