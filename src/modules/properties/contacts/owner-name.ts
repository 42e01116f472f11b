/**
 * Owner names as county rolls, probate filings and list vendors write them:
 * "SMITH JOHN A & MARY B", "SMITH, JOHN JR ETAL", "ACME HOLDINGS, L.L.C.",
 * "SMITH JOHN TR", "ESTATE OF JOHN SMITH", "US BANK NA".
 *
 * Decisions:
 * - Name order. A comma means "last, first". Otherwise the caller's
 *   `options.order` wins; failing that, cues decide: a lone trailing initial
 *   ("SMITH JOHN A") means last-first, an initial in the middle ("JOHN A SMITH")
 *   first-last, and a common given name at one end only ("JOHN SMITH",
 *   "SMITH JOHN") points to the other end as the surname. With no cue, all-caps
 *   input is read county style (last-first) and mixed-case input as written
 *   (first-last).
 * - Co-owners share the first-named surname ("SMITH JOHN & MARY" → John Smith,
 *   Mary Smith) unless they carry their own ("SMITH JOHN & JONES MARY").
 * - Tenancy and relation markers (ETAL, ET UX, ET VIR, H/W, JTWROS, LIFE ESTATE)
 *   are dropped; so is everything from C/O, %, ATTN, AKA or DBA on, which names
 *   someone other than the owner of record.
 * - A person named as trustee ("SMITH JOHN TR", "… TTEE", "… TRUSTEE") is a
 *   trust owner named "John Smith, Trustee"; a named trust keeps its own name
 *   ("Smith Family Trust"), with REV/LIV/TR spelled out. A deceased owner
 *   ("SMITH JOHN EST", "JOHN SMITH (DECEASED)", "ESTATE OF JOHN SMITH") is an
 *   estate named "Estate of John Smith".
 * - Category beats legal form: "FIRST BAPTIST CHURCH INC" is a church and
 *   "ACME MORTGAGE LLC" a bank, because that is what an investor acts on.
 *   Fannie Mae and Freddie Mac count as banks (lender-owned REO), HUD and
 *   housing authorities as government.
 * - Casing. All-caps input becomes Title Case: McDonald, O'Brien, Smith-Jones,
 *   De La Cruz (particles capitalised). "Mac" is left alone (Mack, Machado).
 *   Entity initialisms stay upper (LLC, LP, NA, HUD) and other designators are
 *   title-cased (Inc, Corp, Co, Ltd): "Acme Holdings LLC", "Acme Homes Inc".
 *   Mixed-case input keeps the writer's casing of each word.
 */

export interface PersonName {
  first: string | null;
  middle: string | null;
  last: string;
  suffix: string | null;
}

export type EntityType = 'llc' | 'corporation' | 'trust' | 'estate' | 'partnership' | 'government' | 'church' | 'bank' | 'other';

export type ParsedOwner =
  | { kind: 'person'; people: PersonName[]; display: string }
  | { kind: 'entity'; entityType: EntityType; name: string; display: string }
  | { kind: 'unknown'; display: string };

export type NameOrder = 'last-first' | 'first-last';

export interface ParseOwnerNameOptions {
  /** The order the source writes personal names in, when it is known. */
  order?: NameOrder;
}

// ---------------------------------------------------------------------------
// Word lists. Everything is matched on uppercase words with periods removed.

const words = (list: string): Set<string> => new Set(list.trim().split(/\s+/));

/**
 * Common US given names, used only to tell "JOHN SMITH" from "SMITH JOHN".
 * Names far more common as surnames (LEE, MARTIN, SCOTT) are left out: they
 * would turn "JOHN LEE" from a clear case into a tie.
 */
const GIVEN_NAMES = words(`
AARON ABIGAIL ADAM ADRIAN AHMED AIDEN ALAN ALBERT ALEJANDRO ALEXANDER ALEXIS ALFRED ALICE ALICIA ALMA AMANDA AMBER
AMY ANA ANDREA ANDREW ANGEL ANGELA ANGELICA ANITA ANN ANNA ANNE ANNETTE ANNIE ANTHONY ANTONIO APRIL ARTHUR ASHLEY
AUDREY BARBARA BEATRICE BECKY BENJAMIN BERNARD BERTHA BETH BETTY BEVERLY BILLY BOBBY BONNIE BRADLEY BRANDON BRENDA
BRIAN BRITTANY BRUCE BRYAN CARL CARLA CARLOS CARMEN CAROL CAROLE CAROLINE CAROLYN CASSANDRA CATHERINE CATHY CECILIA
CHAD CHARLENE CHARLES CHARLOTTE CHERYL CHRIS CHRISTIAN CHRISTINA CHRISTINE CHRISTOPHER CHRISTY CINDY CLAUDIA CLIFFORD
CONNIE CRAIG CRYSTAL CYNTHIA DALE DAN DANA DANIEL DANIELLE DANNY DARLENE DARRELL DAVID DEBBIE DEBORAH DEBRA DELORES
DENISE DENNIS DEREK DIANA DIANE DOLORES DON DONALD DONNA DORIS DOROTHY DOUGLAS DUSTIN EARL EDDIE EDITH EDUARDO EDWARD
EDWIN EILEEN ELAINE ELEANOR ELIJAH ELIZABETH ELLEN EMILY EMMA ERIC ERICA ERIN ERNEST ESTHER ETHAN ETHEL EUGENE EVA
EVELYN FERNANDO FLORENCE FRANCES FRANCISCO FRANK FRED FREDERICK GABRIEL GAIL GARY GENE GERALD GERALDINE GINA GLADYS
GLENDA GLORIA GREGORY GUADALUPE HAROLD HEATHER HECTOR HEIDI HELEN HOLLY HOWARD IRENE ISABEL JACK JACKIE JACOB JACQUELINE
JAIME JAMIE JANE JANET JANICE JASMINE JASON JAVIER JEAN JEANETTE JEFFREY JENNIFER JEREMY JERRY JESSE JESSICA JESUS
JILL JIMMY JOAN JOANN JOANNE JOE JOEL JOHN JOHNNY JONATHAN JORGE JOSE JOSEPH JOSEPHINE JOSHUA JOY JOYCE JUAN JUANITA
JUDITH JUDY JULIA JULIE JUSTIN KAREN KARL KATHERINE KATHLEEN KATHRYN KATHY KATIE KAYLA KEITH KELLY KEN KENNETH KEVIN
KIMBERLY KRISTEN KRISTIN KRISTINA KYLE LARRY LAURA LAUREN LAURIE LEAH LEONARD LESLIE LILLIAN LINDA LISA LOIS LORETTA
LORI LORRAINE LOUISE LUCY LUIS LYNN MANUEL MARCIA MARCUS MARGARET MARIA MARIAN MARIE MARILYN MARIO MARJORIE MARK MARLENE
MARSHA MARY MATTHEW MAUREEN MEGAN MELANIE MELISSA MELVIN MICHAEL MICHELE MICHELLE MIGUEL MILDRED MONICA NANCY NATALIE
NATHAN NICHOLAS NICOLE NORMA OSCAR PAMELA PATRICIA PATRICK PAUL PAULA PAULINE PEDRO PEGGY PETER PHILIP PHYLLIS
PRISCILLA RACHEL RAFAEL RAMON RANDY RAYMOND REBECCA REGINA RENEE RHONDA RICARDO RICHARD RICKY RITA ROBERT ROBERTO ROBIN
ROGER RONALD ROSA ROSE ROSEMARY RUBY RUTH RYAN SALLY SAMANTHA SAMUEL SANDRA SARA SARAH SEAN SERGIO SHANNON SHARON SHEILA
SHERRY SHIRLEY SONIA STACY STEPHANIE STEPHEN STEVE STEVEN SUSAN SUZANNE SYLVIA TAMMY TERESA TERRI TERRY THERESA TIFFANY
TIMOTHY TINA TODD TONI TONY TRACY TRAVIS TYLER VALERIE VANESSA VERONICA VICKI VICTOR VICTORIA VINCENT VIRGINIA WANDA
WAYNE WENDY WILLIAM WILLIE YOLANDA YVONNE ZACHARY JAMES THOMAS GEORGE HENRY WALTER HARRY LAWRENCE RALPH ROY LOUIS
PHILLIP RUSSELL MOHAMMED MUHAMMAD GRACE JUNE
`);

const SUFFIXES = new Map<string, string>([
  ['JR', 'Jr'],
  ['SR', 'Sr'],
  ['II', 'II'],
  ['III', 'III'],
  ['IV', 'IV'],
  ['2ND', 'II'],
  ['3RD', 'III'],
  ['MD', 'MD'],
  ['ESQ', 'Esq'],
  ['PHD', 'PhD'],
  ['DDS', 'DDS'],
  ['DVM', 'DVM'],
]);
const TITLES = words('MR MRS MS MISS MESSRS DR HON');
const CONNECTORS = words('& AND OR AND/OR');
/** Surname particles; they join the word after them ("DE LA CRUZ", "VAN BUREN"). */
const PARTICLES = words('DE DEL DELA DELLA DI DA DAS DOS LA VAN VON DER DEN ST STE');

const TRUSTEE_MARKERS = words(`
TR TRS TRST TTE TTEE TTEES TRUSTEE TRUSTEES COTRUSTEE COTRUSTEES CO-TRUSTEE CO-TRUSTEES CO-TR CO-TRS CO-TTEE CO-TTEES
SUCC-TR
`);
/** A TR after these is the word "trust", not "trustee". */
const TRUST_QUALIFIERS = words('REV REVOCABLE LIV LIVING FAMILY FAM IRREV IRREVOCABLE LAND DECL DECLARATION JOINT');
const TRUST_ABBREVIATIONS = new Map([
  ['REV', 'REVOCABLE'],
  ['LIV', 'LIVING'],
  ['IRREV', 'IRREVOCABLE'],
  ['FAM', 'FAMILY'],
  ['TR', 'TRUST'],
  ['TRST', 'TRUST'],
]);
/** "… TRUST DTD 1/2/2003", "… TRUST U/A 5/1/99": the rest of the trust's name is its date. */
const TRUST_NAME_ENDS = words('DTD DATED U/A UA UAD U/A/D UTD U/T/D UDT U/D/T U/T/A UTA');
const ESTATE_MARKERS = words("EST ESTATE DECEASED DECD DEC'D HEIRS HEIR DEVISEES");
const TENANCY_MARKERS_AT_END = words('JT JTS TIC TBE LE TC SURV');

const LLC_WORDS = words('LLC PLLC LLLC');
const PARTNERSHIP_WORDS = words('LP LLP LLLP PARTNERSHIP PARTNERS');
const CORPORATION_WORDS = words('INC INCORPORATED CORP CORPORATION COMPANY LTD LIMITED PLC');
/** Designators that are too short to trust anywhere but at the end. */
const FINAL_DESIGNATORS = new Map<string, EntityType>([
  ['LC', 'llc'],
  ['CO', 'corporation'],
  ['PC', 'corporation'],
]);
const BANK_WORDS = words('BANK BANCORP BANCSHARES BANCO FSB MORTGAGE FNMA FHLMC SAVINGS');
const CHURCH_WORDS = words(`
CHURCH MINISTRIES MINISTRY SYNAGOGUE MOSQUE CONGREGATION DIOCESE ARCHDIOCESE TABERNACLE BAPTIST METHODIST LUTHERAN
PRESBYTERIAN EPISCOPAL PENTECOSTAL EVANGELICAL APOSTOLIC
`);
const GOVERNMENT_PLACES = words('CITY COUNTY STATE TOWN VILLAGE TOWNSHIP BOROUGH COMMONWEALTH PARISH');
const GOVERNMENT_WORDS = words('AUTHORITY DEPARTMENT DEPT COMMISSION COMMISSIONERS GOVERNMENT HUD MUNICIPALITY');
const OTHER_ENTITY_WORDS = words(`
HOLDINGS HOLDING PROPERTIES PROPERTY INVESTMENTS INVESTMENT INVESTORS REALTY GROUP ENTERPRISES ENTERPRISE VENTURES
VENTURE CAPITAL ASSOCIATES ASSOCIATION ASSN ASSOC DEVELOPMENT DEVELOPERS HOMES RENTALS MANAGEMENT MGMT HOA HOMEOWNERS
CONDOMINIUM CONDOMINIUMS CONDO APARTMENTS FUND FOUNDATION UNIVERSITY COLLEGE SCHOOL ACADEMY HOSPITAL SOCIETY CLUB
CEMETERY EQUITY EQUITIES ASSETS ESTATES BUILDERS CONSTRUCTION SERVICES SOLUTIONS INTERNATIONAL INDUSTRIES TRADING
RESOURCES COOPERATIVE ORGANIZATION INSTITUTE ALLIANCE SYSTEMS TECHNOLOGIES MOTORS FARMS RANCH REIT REO
`);

/** Whole names that say nobody is known. */
const PLACEHOLDERS = new Set([
  'UNKNOWN',
  'UNKNOWN OWNER',
  'OWNER UNKNOWN',
  'NOT AVAILABLE',
  'N/A',
  'NA',
  'NONE',
  'NULL',
  'OWNER',
  'CURRENT OWNER',
  'CURRENT RESIDENT',
  'RESIDENT',
  'OCCUPANT',
  'CURRENT OCCUPANT',
  'OWNER OF RECORD',
  'RECORD OWNER',
  'NO NAME',
  'NAME UNKNOWN',
  'TBD',
  '-',
  '?',
]);

/** Entity words with a fixed spelling; initialisms stay upper, abbreviations are title-cased. */
const ENTITY_SPELLING = new Map<string, string>([
  ['LLC', 'LLC'],
  ['PLLC', 'PLLC'],
  ['LLLC', 'LLLC'],
  ['LC', 'LC'],
  ['LP', 'LP'],
  ['LLP', 'LLP'],
  ['LLLP', 'LLLP'],
  ['PC', 'PC'],
  ['PLC', 'PLC'],
  ['NA', 'NA'],
  ['FSB', 'FSB'],
  ['INC', 'Inc'],
  ['CORP', 'Corp'],
  ['CO', 'Co'],
  ['LTD', 'Ltd'],
  ['US', 'US'],
  ['USA', 'USA'],
  ['HUD', 'HUD'],
  ['FNMA', 'FNMA'],
  ['FHLMC', 'FHLMC'],
  ['HOA', 'HOA'],
  ['REO', 'REO'],
  ['REIT', 'REIT'],
  ['II', 'II'],
  ['III', 'III'],
  ['IV', 'IV'],
  ['VI', 'VI'],
  ['VII', 'VII'],
  ['VIII', 'VIII'],
  ['IX', 'IX'],
  ['DBA', 'DBA'],
  ['JR', 'Jr'],
  ['SR', 'Sr'],
  ['ST', 'St'],
  ['STE', 'Ste'],
  ['MT', 'Mt'],
  ['FT', 'Ft'],
  ['DR', 'Dr'],
  ['MGMT', 'Mgmt'],
  ['MTG', 'Mtg'],
  ['BLVD', 'Blvd'],
  ['RD', 'Rd'],
  ['PKWY', 'Pkwy'],
  ['HWY', 'Hwy'],
  ['SVCS', 'Svcs'],
  ['BLDG', 'Bldg'],
  ['DEPT', 'Dept'],
  ['NATL', 'Natl'],
  ['INTL', 'Intl'],
  ['TWP', 'Twp'],
  ['GRP', 'Grp'],
  ['PTNRS', 'Ptnrs'],
  ['PRTNRS', 'Prtnrs'],
]);
const SMALL_WORDS = words('OF AND THE FOR IN AT BY ON TO AN');

/** Key spellings, so that "Acme Company" and "ACME CO" are the same owner. */
const KEY_SYNONYMS = new Map([
  ['INCORPORATED', 'INC'],
  ['CORPORATION', 'CORP'],
  ['COMPANY', 'CO'],
  ['LIMITED', 'LTD'],
  ['TRUSTEES', 'TRUSTEE'],
  ['&', 'AND'],
  ['ASSOCIATION', 'ASSN'],
  ['ASSOC', 'ASSN'],
  ['MANAGEMENT', 'MGMT'],
  ['MORTGAGE', 'MTG'],
]);
/** Designators written out, as they read once KEY_SYNONYMS applied. */
const KEY_PHRASES: [RegExp, string][] = [
  [/\bLTD LIABILITY CO\b/, 'LLC'],
  [/\bLTD PARTNERSHIP\b/, 'LP'],
  [/\bNATIONAL ASSN$/, 'NA'],
];

// ---------------------------------------------------------------------------
// Text-level cleanup, before splitting into words.

const CARE_OF = /\bC\s*\/\s*O\b|\bCARE\s+OF\b|\bATTN\b:?|\bATTENTION\b:?|%/i;
const ALIAS = /\b(?:A\/K\/A|AKA|F\/K\/A|FKA|N\/K\/A|NKA|D\/B\/A|DBA)\b/i;
const TEXT_MARKERS =
  /\bET\.?\s*(?:AL|UX(?:OR)?|VIR|CON)\b\.?|\b(?:ETAL|ETUX|ETVIR|JTWROS|JTRS|L\/E|J\/T)\b|\bH\s*[&/]\s*W\b|\bW\s*[&/]\s*H\b|\bJT\s+TEN\b|\bTEN\s+(?:IN\s+)?(?:COM|COMMON|ENT)\b|\bLIFE\s+EST(?:ATE)?\b|\bAS\s+(?:JOINT\s+TENANTS|TENANTS\s+IN\s+COMMON|COMMUNITY\s+PROPERTY)\b/gi;
const HAS_LETTER = /\p{L}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
const HAS_DIGIT = /\d/;
const ORDINAL = /^\d+(?:ST|ND|RD|TH)$/;
const VOWEL = /[AEIOUY]/;
const SPACES = /\s+/g;
const NON_ASCII = /[\u0080-\uffff]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NON_KEY_CHARS = /[^A-Z0-9&]+/g;
const NON_ALNUM = /[^A-Z0-9]+/g;
const APOSTROPHES = /'/g;

// ---------------------------------------------------------------------------
// Words.

interface Word {
  /** As written, periods removed. */
  raw: string;
  up: string;
  /** A comma came right before this word. */
  comma: boolean;
}

function pushWord(out: Word[], raw: string, comma: boolean): void {
  let start = 0;
  let end = raw.length;
  while (start < end && (raw[start] === '-' || raw[start] === "'")) start++;
  while (end > start && (raw[end - 1] === '-' || raw[end - 1] === "'")) end--;
  if (start === end) return;
  const text = start === 0 && end === raw.length ? raw : raw.slice(start, end);
  out.push({ raw: text, up: text.toUpperCase(), comma });
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && HAS_LETTER.test(c);
}

const SEPARATORS = new Set(' \t\n\r\u00a0()[]{}"*:!?<>=_\\|\u2013\u2014');
const AMPERSANDS = new Set('&+;');
const APOSTROPHE_LIKE = new Set('\u2018\u2019`');

/**
 * Splits on spaces and punctuation, keeping a word's hyphens, apostrophes and
 * slashes (H/W, C/O). Periods vanish: "L.L.C." → LLC, "INC." → INC, but
 * "ST.JOHN" → ST JOHN. "&", "+" and ";" become "&" words.
 */
function tokenize(s: string): Word[] {
  const out: Word[] = [];
  let current = '';
  let comma = false;
  const flush = (): void => {
    if (!current) return;
    pushWord(out, current, comma);
    current = '';
    comma = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (SEPARATORS.has(c)) {
      flush();
    } else if (c === ',') {
      flush();
      comma = true;
    } else if (AMPERSANDS.has(c)) {
      flush();
      out.push({ raw: '&', up: '&', comma });
      comma = false;
    } else if (c === '.') {
      // Initials run together (L.L.C., N.A.); otherwise a period between words separates them.
      const next = s[i + 1];
      const initialFollows = isLetter(next) && !isLetter(s[i + 2]);
      if (!initialFollows && next !== undefined && next !== ' ' && next !== ',') flush();
    } else if (APOSTROPHE_LIKE.has(c)) {
      current += "'";
    } else {
      current += c;
    }
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------
// Casing.

function capitalize(lower: string): string {
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

function titlePart(up: string): string {
  if (up.length === 0) return up;
  if (ORDINAL.test(up)) return up.toLowerCase();
  const lower = up.toLowerCase();
  if (up.length > 2 && up[1] === "'") return up[0] + "'" + capitalize(lower.slice(2)); // O'Brien, D'Angelo
  if (up.length > 3 && up.startsWith('MC')) return 'Mc' + capitalize(lower.slice(2)); // McDonald
  return capitalize(lower);
}

/** Title Case for one uppercase word: "SMITH-JONES" → "Smith-Jones". */
function titleWord(up: string): string {
  if (!up.includes('-')) return titlePart(up);
  return up.split('-').map(titlePart).join('-');
}

/** A person's word: the writer's casing when it mixes cases, Title Case otherwise. */
function personWord(word: Word, mixedCase: boolean): string {
  if (mixedCase && HAS_UPPER.test(word.raw) && HAS_LOWER.test(word.raw)) return word.raw;
  if (mixedCase && PARTICLES.has(word.up) && !HAS_UPPER.test(word.raw)) return word.raw; // "van der Berg"
  return titleWord(word.up);
}

function entityWord(word: Word, mixedCase: boolean, first: boolean): string {
  const fixed = ENTITY_SPELLING.get(word.up);
  if (fixed !== undefined) return fixed;
  if (mixedCase && HAS_UPPER.test(word.raw)) return word.raw;
  if (!first && SMALL_WORDS.has(word.up)) return word.up.toLowerCase();
  if (ORDINAL.test(word.up)) return word.up.toLowerCase();
  if (HAS_DIGIT.test(word.up)) return word.up;
  if (word.up.length > 1 && !VOWEL.test(word.up) && !word.up.includes("'")) return word.up; // BNY, JPMC
  return titleWord(word.up);
}

// ---------------------------------------------------------------------------
// Parsing.

function unknown(display: string): ParsedOwner {
  return { kind: 'unknown', display };
}

/**
 * Parses one owner-name cell into people or an entity. Never throws; text it
 * cannot read comes back as `unknown` with the cleaned-up text as `display`.
 */
export function parseOwnerName(raw: string, options: ParseOwnerNameOptions = {}): ParsedOwner {
  let s = raw.trim();
  if (s.length === 0) return unknown('');
  const display = s.includes('  ') || s.includes('\t') || s.includes('\n') ? s.replace(SPACES, ' ') : s;

  const careOf = CARE_OF.exec(s);
  if (careOf) s = HAS_LETTER.test(s.slice(0, careOf.index)) ? s.slice(0, careOf.index) : s.slice(careOf.index + careOf[0].length);
  const alias = ALIAS.exec(s);
  if (alias) s = HAS_LETTER.test(s.slice(0, alias.index)) ? s.slice(0, alias.index) : s.slice(alias.index + alias[0].length);
  TEXT_MARKERS.lastIndex = 0;
  if (TEXT_MARKERS.test(s)) s = s.replace(TEXT_MARKERS, ' ');

  const tokens = tokenize(s);
  // Drop punctuation-only words and tenancy abbreviations at the end.
  const all = tokens.filter((w) => w.up === '&' || HAS_LETTER.test(w.up) || HAS_DIGIT.test(w.up));
  while (all.length > 1 && (all[all.length - 1]!.up === '&' || TENANCY_MARKERS_AT_END.has(all[all.length - 1]!.up))) all.pop();
  while (all.length > 0 && all[0]!.up === '&') all.shift();
  if (all.length === 0 || !all.some((w) => HAS_LETTER.test(w.up))) return unknown(display);
  if (all.length <= 3 && PLACEHOLDERS.has(all.map((w) => w.up).join(' '))) return unknown(display);

  const mixedCase = HAS_LOWER.test(s) && HAS_UPPER.test(s);
  const ups = all.map((w) => w.up);
  const type = entityTypeOf(ups);
  if (type === 'trust') return trustOwner(all, mixedCase, options);
  if (type !== null) return entity(type, entityName(all, mixedCase));

  // Estates and trustees: a person plus a marker.
  const estateStart = estatePrefixLength(ups);
  if (estateStart > 0) {
    const people = parsePeople(all.slice(estateStart), mixedCase, options.order, 'first-last');
    return people.length > 0 ? entity('estate', `Estate of ${displayPeople(people)}`) : unknown(display);
  }
  let estate = false;
  let trustee = false;
  const rest: Word[] = [];
  for (let i = 0; i < all.length; i++) {
    const w = all[i]!;
    const next = all[i + 1]?.up;
    if (ESTATE_MARKERS.has(w.up) && i > 0) estate = true;
    else if (TRUSTEE_MARKERS.has(w.up) && i > 0) trustee = true;
    else if ((w.up === 'CO' || w.up === 'SUCC' || w.up === 'SUCCESSOR') && next !== undefined && TRUSTEE_MARKERS.has(next)) continue;
    else rest.push(w);
  }
  const people = parsePeople(rest, mixedCase, options.order, mixedCase ? 'first-last' : 'last-first');
  if (people.length === 0) return unknown(display);
  if (estate) return entity('estate', `Estate of ${displayPeople(people)}`);
  if (trustee) return entity('trust', `${displayPeople(people)}, ${people.length > 1 ? 'Trustees' : 'Trustee'}`);
  if (all.some((w) => HAS_DIGIT.test(w.up) && !SUFFIXES.has(w.up))) return entity('other', entityName(all, mixedCase));
  return { kind: 'person', people, display: displayPeople(people) };
}

function entity(entityType: EntityType, name: string): ParsedOwner {
  return { kind: 'entity', entityType, name, display: name };
}

/** "ESTATE OF …", "EST OF …", "HEIRS OF …", "UNKNOWN HEIRS OF …": how many words to skip. */
function estatePrefixLength(ups: string[]): number {
  let i = ups[0] === 'THE' ? 1 : 0;
  if (ups[i] === 'UNKNOWN') i++;
  const word = ups[i];
  if (word !== 'ESTATE' && word !== 'EST' && word !== 'HEIRS') return 0;
  i++;
  if (word === 'HEIRS' && (ups[i] === 'AND' || ups[i] === '&') && ups[i + 1] === 'DEVISEES') i += 2;
  return ups[i] === 'OF' ? i + 1 : 0;
}

function isTrustWord(ups: string[], i: number): boolean {
  const up = ups[i]!;
  if (up === 'TRUST' || up === 'TRUSTS') return ups[i + 1] !== 'CO' && ups[i + 1] !== 'COMPANY';
  return (up === 'TR' || up === 'TRST') && i > 0 && TRUST_QUALIFIERS.has(ups[i - 1]!);
}

/**
 * The entity type words alone reveal, most specific first; null for names
 * that read as people (who may still be estates or trustees).
 */
function entityTypeOf(ups: string[]): EntityType | null {
  const n = ups.length;
  const first = ups[0]!;
  const last = ups[n - 1]!;
  let llc = false;
  let partnership = false;
  let corporation = false;
  let bank = false;
  let church = false;
  let government = false;
  let governmentWeak = false;
  let trust = false;
  let other = false;
  for (let i = 0; i < n; i++) {
    const up = ups[i]!;
    const next = ups[i + 1];
    if (GOVERNMENT_PLACES.has(up) && next === 'OF' && (i === 0 || ups[i - 1] === 'THE' || ups[i - 1] === 'OF')) government = true;
    else if (up === 'SECRETARY' && next === 'OF') government = true;
    else if (up === 'UNITED' && next === 'STATES') government = true;
    else if (up === 'LAND' && next === 'BANK') government = true;
    else if ((up === 'SCHOOL' && next === 'DISTRICT') || (up === 'BOARD' && next === 'OF')) government = true;
    else if (up === 'HUD') government = true;
    else if (GOVERNMENT_WORDS.has(up)) governmentWeak = true;
    else if ((up === 'COUNTY' || up === 'TOWNSHIP') && i === n - 1 && n > 1) governmentWeak = true;
    else if (BANK_WORDS.has(up)) bank = true;
    else if ((up === 'FANNIE' && next === 'MAE') || (up === 'FREDDIE' && next === 'MAC')) bank = true;
    else if (up === 'CREDIT' && next === 'UNION') bank = true;
    else if ((up === 'TRUST' || up === 'NATIONAL') && (next === 'CO' || next === 'COMPANY' || next === 'ASSOCIATION')) bank = true;
    else if (up === 'NA' && i === n - 1 && (n > 2 || first.endsWith('BANK')))
      bank = true; // not KIM NA
    else if (CHURCH_WORDS.has(up)) church = true;
    else if ((up === 'ASSEMBLY' && next === 'OF') || (up === 'KINGDOM' && next === 'HALL')) church = true;
    else if (LLC_WORDS.has(up)) llc = true;
    else if (up === 'LIMITED' && next === 'LIABILITY') llc = true;
    else if (PARTNERSHIP_WORDS.has(up)) partnership = true;
    else if (CORPORATION_WORDS.has(up)) corporation = true;
    else if (i === n - 1 && n > 1 && FINAL_DESIGNATORS.has(up)) {
      if (FINAL_DESIGNATORS.get(up) === 'llc') llc = true;
      else corporation = true;
    } else if (isTrustWord(ups, i)) trust = true;
    else if (OTHER_ENTITY_WORDS.has(up)) other = true;
    else if (up === 'REAL' && next === 'ESTATE') other = true;
  }
  // "CHURCH JOHN A": a surname, when every other word is a given name or an initial.
  if (church && !government && !bank && n <= 4 && (CHURCH_WORDS.has(first) || CHURCH_WORDS.has(last))) {
    const churchWords = ups.filter((up) => CHURCH_WORDS.has(up)).length;
    if (churchWords === 1 && ups.every((up) => CHURCH_WORDS.has(up) || isGiven(up) || isInitial(up) || up === '&')) {
      church = false;
    }
  }
  if (government) return 'government';
  if (bank) return 'bank';
  if (church) return 'church';
  if (llc) return 'llc';
  if (partnership) return 'partnership';
  if (corporation) return 'corporation';
  if (governmentWeak) return 'government';
  if (trust) return 'trust';
  if (other) return 'other';
  return null;
}

/** An entity's words, tidied: no commas, Title Case, fixed designators. */
function entityName(all: Word[], mixedCase: boolean): string {
  let list = all;
  // "SMITH FAMILY TRUST, THE" → "The Smith Family Trust"
  if (list.length > 1 && list[list.length - 1]!.up === 'THE') list = [list[list.length - 1]!, ...list.slice(0, -1)];
  let out = '';
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out += ' ';
    out += entityWord(list[i]!, mixedCase, i === 0);
  }
  return out;
}

/**
 * A trust: its own name when it has one ("SMITH FAMILY TRUST, JOHN SMITH TTEE"
 * → "Smith Family Trust"), the trust words spelled out.
 */
function trustOwner(all: Word[], mixedCase: boolean, options: ParseOwnerNameOptions): ParsedOwner {
  const ups = all.map((w) => w.up);
  let start = 0;
  // "JOHN SMITH TRUSTEE OF THE SMITH FAMILY TRUST"
  for (let i = 0; i < ups.length - 1; i++) {
    if (TRUSTEE_MARKERS.has(ups[i]!) && ups[i + 1] === 'OF') {
      start = i + 2;
      break;
    }
  }
  let trustAt = -1;
  for (let i = start; i < ups.length; i++) {
    if (isTrustWord(ups, i)) {
      trustAt = i;
      break;
    }
  }
  if (trustAt === -1) return entity('trust', entityName(all, mixedCase));
  // "JOHN SMITH TTEE, SMITH FAMILY TRUST": the name starts after the trustee's comma.
  if (start === 0) {
    for (let i = trustAt; i > 0; i--) {
      if (all[i]!.comma && ups.slice(0, i).some((up) => TRUSTEE_MARKERS.has(up))) {
        start = i;
        break;
      }
    }
  }
  let end = trustAt + 1;
  while (end < all.length) {
    const w = all[end]!;
    if (w.comma || w.up === '&' || TRUSTEE_MARKERS.has(w.up) || TRUST_NAME_ENDS.has(w.up) || w.up.includes('/')) break;
    end++;
  }
  const name: Word[] = [];
  for (let i = start; i < end; i++) {
    const w = all[i]!;
    if (TRUSTEE_MARKERS.has(w.up) && !isTrustWord(ups, i)) continue;
    const expanded = TRUST_ABBREVIATIONS.get(w.up);
    name.push(expanded === undefined ? w : { raw: titleWord(expanded), up: expanded, comma: w.comma });
  }
  if (name.length === 1) {
    // Nothing but the word TRUST ("TRUST, JOHN SMITH TR"): name it after its trustees.
    const people = parsePeople(
      all.filter((w, i) => i !== trustAt && !TRUSTEE_MARKERS.has(w.up)),
      mixedCase,
      options.order,
      'last-first',
    );
    if (people.length > 0) return entity('trust', `${displayPeople(people)}, ${people.length > 1 ? 'Trustees' : 'Trustee'}`);
  }
  return entity('trust', entityName(name, mixedCase));
}

// ---------------------------------------------------------------------------
// People.

/** "NGUYEN VAN THANH": before these surnames VAN is a Vietnamese middle name, not a particle. */
const VIETNAMESE_SURNAMES = words('NGUYEN TRAN LE PHAM HOANG HUYNH PHAN VU VO DANG BUI DO HO NGO DUONG LY TRUONG');
const VIETNAMESE_MIDDLE_NAMES = words('VAN THI');

function isParticle(ws: Word[], i: number): boolean {
  const up = ws[i]!.up;
  if (!PARTICLES.has(up)) return false;
  const next = ws[i + 1]?.up;
  return !(up === 'VAN' && next !== undefined && VIETNAMESE_SURNAMES.has(next));
}

const isInitial = (up: string): boolean => up.length === 1;

/** JOSÉ counts as JOSE. */
function isGiven(up: string): boolean {
  return GIVEN_NAMES.has(up) || (NON_ASCII.test(up) && GIVEN_NAMES.has(keyText(up)));
}

/** Which way round a run of name words reads, from initials and given names. */
function orderOf(ws: Word[], fallback: NameOrder): NameOrder {
  const n = ws.length;
  if (n < 2) return fallback;
  const firstInitial = isInitial(ws[0]!.up);
  const lastInitial = isInitial(ws[n - 1]!.up);
  if (lastInitial && !firstInitial) return 'last-first'; // SMITH JOHN A
  if (firstInitial && !lastInitial) return 'first-last'; // J SMITH
  if (!lastInitial && n >= 3 && ws.slice(1, -1).some((w) => isInitial(w.up))) return 'first-last'; // JOHN A SMITH
  const firstGiven = isGiven(ws[0]!.up);
  const lastGiven = isGiven(ws[n - 1]!.up);
  if (firstGiven && !lastGiven) return 'first-last';
  if (lastGiven && !firstGiven) return 'last-first';
  return fallback;
}

interface Segment {
  words: Word[];
  suffix: string | null;
  /** Index of the first word after a comma that marks "LAST, FIRST"; -1 without one. */
  commaAt: number;
  mixedCase: boolean;
}

function segmentOf(ws: Word[], mixedCase: boolean): Segment | null {
  let suffix: string | null = null;
  const kept: Word[] = [];
  let commaAt = -1;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (kept.length === 0 && TITLES.has(w.up)) continue;
    const s = SUFFIXES.get(w.up);
    if (s !== undefined && i > 0) {
      suffix ??= s; // "SMITH JR, JOHN", "JOHN SMITH, JR": the comma before a suffix marks nothing
      continue;
    }
    if (w.comma && kept.length > 0 && commaAt === -1) commaAt = kept.length;
    kept.push(w);
  }
  if (kept.length === 0) return null;
  return { words: kept, suffix, commaAt: commaAt < kept.length ? commaAt : -1, mixedCase };
}

function person(first: string | null, middle: string | null, last: string, suffix: string | null): PersonName {
  return { first, middle, last, suffix };
}

function joinWords(seg: Segment, from: number, to: number): string | null {
  if (from >= to) return null;
  let out = personWord(seg.words[from]!, seg.mixedCase);
  for (let i = from + 1; i < to; i++) out += ' ' + personWord(seg.words[i]!, seg.mixedCase);
  return out;
}

/**
 * One person from a segment read in the given order. The surname takes its
 * particles ("DE LA CRUZ MARIA", "MARIA DE LA CRUZ") as long as a given name
 * is left over ("LE THANH" stays Thanh Le).
 */
function readAs(seg: Segment, order: NameOrder): PersonName {
  const ws = seg.words;
  const n = ws.length;
  if (n === 1) return person(null, null, joinWords(seg, 0, 1)!, seg.suffix);
  if (seg.commaAt !== -1) {
    return person(
      joinWords(seg, seg.commaAt, seg.commaAt + 1),
      joinWords(seg, seg.commaAt + 1, n),
      joinWords(seg, 0, seg.commaAt)!,
      seg.suffix,
    );
  }
  if (order === 'last-first') {
    let end = 1;
    while (end < n - 1 && isParticle(ws, end - 1)) end++;
    if (n >= 3 && end === 1 && VIETNAMESE_SURNAMES.has(ws[0]!.up) && VIETNAMESE_MIDDLE_NAMES.has(ws[1]!.up)) {
      // "NGUYEN VAN THANH": Van (or Thi) is the middle name, Thanh the given name.
      return person(
        joinWords(seg, 2, 3),
        joinWords(seg, 1, 2) + (n > 3 ? ' ' + joinWords(seg, 3, n) : ''),
        joinWords(seg, 0, 1)!,
        seg.suffix,
      );
    }
    return person(joinWords(seg, end, end + 1), joinWords(seg, end + 1, n), joinWords(seg, 0, end)!, seg.suffix);
  }
  let start = n - 1;
  while (start > 1 && isParticle(ws, start - 1)) start--;
  return person(joinWords(seg, 0, 1), joinWords(seg, 1, start), joinWords(seg, start, n)!, seg.suffix);
}

/** Splits on "&", "AND", "OR" and on slashes between names ("JOHN/MARY"). */
function splitSegments(all: Word[]): Word[][] {
  const segments: Word[][] = [];
  let current: Word[] = [];
  for (const w of all) {
    if (CONNECTORS.has(w.up)) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else if (w.up.includes('/')) {
      const parts = w.raw.split('/');
      for (let i = 0; i < parts.length; i++) {
        if (i > 0 && current.length > 0) {
          segments.push(current);
          current = [];
        }
        pushWord(current, parts[i]!, i === 0 && w.comma);
      }
    } else {
      current.push(w);
    }
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

/** One or more people from the words of a person-like owner name. */
function parsePeople(all: Word[], mixedCase: boolean, forced: NameOrder | undefined, fallback: NameOrder): PersonName[] {
  const segments: Segment[] = [];
  for (const ws of splitSegments(all)) {
    const seg = segmentOf(ws, mixedCase);
    if (seg) segments.push(seg);
  }
  if (segments.length === 0) return [];
  const head = segments[0]!;
  const tail = segments[segments.length - 1]!;

  let order: NameOrder;
  if (head.commaAt !== -1) order = 'last-first';
  else if (forced) order = forced;
  else if (segments.length > 1 && head.words.length === 1 && tail.words.length >= 2 && tail.commaAt === -1) {
    order = 'first-last'; // JOHN & MARY SMITH
  } else if (
    segments.length > 1 &&
    head.words.length === 2 &&
    isGiven(head.words[0]!.up) &&
    isInitial(head.words[1]!.up) &&
    tail.words.length >= 2 &&
    !isInitial(tail.words[tail.words.length - 1]!.up)
  ) {
    order = 'first-last'; // JOHN A & MARY B SMITH
  } else order = orderOf(head.words, fallback);

  return order === 'last-first' ? lastFirstPeople(segments, forced !== undefined) : firstLastPeople(segments);
}

/** "SMITH JOHN A & MARY B", "SMITH JOHN & JONES MARY": later co-owners share the surname unless they have their own. */
function lastFirstPeople(segments: Segment[], forced: boolean): PersonName[] {
  const people: PersonName[] = [];
  // A lone word first is a surname on its own ("SMITH & JONES"); nobody borrows it.
  let surname: string | null = null;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const ws = seg.words;
    let p: PersonName;
    if (i === 0 || seg.commaAt !== -1 || surname === null) {
      p = readAs(seg, i === 0 || forced ? 'last-first' : orderOf(ws, 'last-first'));
    } else if (ws.length === 1) {
      p = person(joinWords(seg, 0, 1), null, surname, seg.suffix);
    } else if (ws.slice(1).every((w) => isInitial(w.up) || (isGiven(w.up) && isGiven(ws[0]!.up)))) {
      p = person(joinWords(seg, 0, 1), joinWords(seg, 1, ws.length), surname, seg.suffix); // MARY B, MARY ANN
    } else {
      p = readAs(seg, forced ? 'last-first' : orderOf(ws, 'last-first'));
    }
    surname = p.first === null ? null : p.last;
    people.push(p);
  }
  return people;
}

/** "JOHN & MARY SMITH", "JOHN A & MARY B SMITH", "JOHN SMITH & MARY JONES". */
function firstLastPeople(segments: Segment[]): PersonName[] {
  const people: { p: PersonName; needsSurname: boolean }[] = [];
  for (const seg of segments) {
    const ws = seg.words;
    if (seg.commaAt === -1 && (ws.length === 1 || (ws.length === 2 && isInitial(ws[1]!.up)))) {
      people.push({ p: person(joinWords(seg, 0, 1), joinWords(seg, 1, ws.length), '', seg.suffix), needsSurname: true });
    } else {
      people.push({ p: readAs(seg, 'first-last'), needsSurname: false });
    }
  }
  // Borrow the surname of the next co-owner who has one, else of the previous.
  let surname = '';
  for (let i = people.length - 1; i >= 0; i--) {
    const entry = people[i]!;
    if (!entry.needsSurname) surname = entry.p.last;
    else if (surname) entry.p.last = surname;
  }
  const out: PersonName[] = [];
  let previous = '';
  for (const { p } of people) {
    if (!p.last) p.last = previous;
    if (!p.last) {
      // Nobody to borrow from: the lone word is a surname ("SMITH").
      out.push(person(null, null, p.middle ? `${p.first} ${p.middle}` : (p.first ?? ''), p.suffix));
      continue;
    }
    previous = p.last;
    out.push(p);
  }
  return out.filter((p) => p.last.length > 0);
}

function displayPerson(p: PersonName): string {
  let out = p.first ?? '';
  if (p.middle) out += (out ? ' ' : '') + p.middle;
  out += (out ? ' ' : '') + p.last;
  if (p.suffix) out += ' ' + p.suffix;
  return out;
}

function displayPeople(people: PersonName[]): string {
  return people.map(displayPerson).join(' & ');
}

// ---------------------------------------------------------------------------
// Keys.

function keyText(s: string): string {
  const plain = NON_ASCII.test(s) ? s.normalize('NFD').replace(COMBINING_MARKS, '') : s;
  return plain.toUpperCase();
}

/** "O'Brien" → OBRIEN, "De La Cruz" → DELACRUZ: spacing and punctuation do not matter. */
function compact(s: string): string {
  return keyText(s).replace(NON_ALNUM, '');
}

/**
 * A person's key: `LAST|FIRST`, without middle name or suffix, so that
 * "SMITH JOHN A" and "John Smith" match. The full first name is kept (not an
 * initial) so that John and Jane Smith stay apart. This is deliberately loose:
 * combine it with the mailing-address key before treating two owners as one.
 */
export function personNameKey(p: PersonName): string {
  return `${compact(p.last)}|${compact(p.first ?? '')}`;
}

/**
 * A deterministic key for recognising one owner across lists.
 *
 * - person: each person's {@link personNameKey}, sorted and joined with "&", so
 *   "SMITH JOHN & MARY" and "Mary Smith & John Smith" match;
 * - entity: the name's words in uppercase, accents and punctuation removed,
 *   a leading THE dropped and designators spelled one way, so "ACME HOLDINGS
 *   LLC" and "Acme Holdings, L.L.C." match; "Acme Company" and "ACME CO" match.
 *   Designators stay in the key: "Acme LLC" and "Acme Inc" are different owners;
 * - unknown: the empty string, which callers must not deduplicate on.
 */
export function ownerNameKey(parsed: ParsedOwner): string {
  if (parsed.kind === 'unknown') return '';
  if (parsed.kind === 'person') {
    if (parsed.people.length === 1) return personNameKey(parsed.people[0]!);
    return parsed.people.map(personNameKey).sort().join('&');
  }
  const parts = keyText(parsed.name).replace(APOSTROPHES, '').replace(NON_KEY_CHARS, ' ').trim().split(' ');
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.length === 0 || (i === 0 && part === 'THE' && parts.length > 1)) continue;
    out += (out ? ' ' : '') + (KEY_SYNONYMS.get(part) ?? part);
  }
  for (const [phrase, short] of KEY_PHRASES) out = out.replace(phrase, short);
  return out;
}
