/**
 * USPS Publication 28 reference data, as lookup maps from an uppercase word
 * (periods already removed) to its standard form.
 *
 * The tables are written as compact strings and expanded once at module load,
 * so they stay readable and diffable against the publication.
 */

/**
 * Parses "STD:ALIAS ALIAS|STD:ALIAS" into alias → STD. Every standard also maps
 * to itself, and wins over being listed as another entry's alias (C1 lists MDW,
 * MEADOW's standard, among the spellings of MEADOWS).
 */
function expand(table: string, aliasSeparator = ' '): Map<string, string> {
  const entries = table.split('|').map((entry) => entry.trim().split(':') as [string, string | undefined]);
  const map = new Map<string, string>();
  for (const [standard, aliases] of entries) {
    if (aliases === undefined) continue;
    for (const alias of aliases.split(aliasSeparator)) map.set(alias.trim(), standard);
  }
  for (const [standard] of entries) map.set(standard, standard);
  return map;
}

/**
 * Appendix C1, street suffixes: standard abbreviation, then the primary name
 * and every commonly used abbreviation USPS lists for it.
 */
const C1 = `
ALY:ALLEE ALLEY ALLY|ANX:ANEX ANNEX ANNX|ARC:ARCADE|AVE:AV AVEN AVENU AVENUE AVN AVNUE|BYU:BAYOO BAYOU|
BCH:BEACH|BND:BEND|BLF:BLUF BLUFF|BLFS:BLUFFS|BTM:BOT BOTTM BOTTOM|BLVD:BOUL BOULEVARD BOULV|BR:BRNCH BRANCH|
BRG:BRDGE BRIDGE|BRK:BROOK|BRKS:BROOKS|BG:BURG|BGS:BURGS|BYP:BYPA BYPAS BYPASS BYPS|CP:CAMP CMP|
CYN:CANYN CANYON CNYN|CPE:CAPE|CSWY:CAUSEWAY CAUSWA|CTR:CEN CENT CENTER CENTR CENTRE CNTER CNTR|CTRS:CENTERS|
CIR:CIRC CIRCL CIRCLE CRCL CRCLE|CIRS:CIRCLES|CLF:CLIFF|CLFS:CLIFFS|CLB:CLUB|CMN:COMMON|CMNS:COMMONS|
COR:CORNER|CORS:CORNERS|CRSE:COURSE|CT:COURT|CTS:COURTS|CV:COVE|CVS:COVES|CRK:CREEK|
CRES:CRESCENT CRSENT CRSNT|CRST:CREST|XING:CROSSING CRSSNG|XRD:CROSSROAD|XRDS:CROSSROADS|CURV:CURVE|
DL:DALE|DM:DAM|DV:DIV DIVIDE DVD|DR:DRIV DRIVE DRV|DRS:DRIVES|EST:ESTATE|ESTS:ESTATES|
EXPY:EXP EXPR EXPRESS EXPRESSWAY EXPW|EXT:EXTENSION EXTN EXTNSN|EXTS:EXTENSIONS|FALL|FLS:FALLS|
FRY:FERRY FRRY|FLD:FIELD|FLDS:FIELDS|FLT:FLAT|FLTS:FLATS|FRD:FORD|FRDS:FORDS|FRST:FOREST FORESTS|
FRG:FORG FORGE|FRGS:FORGES|FRK:FORK|FRKS:FORKS|FT:FORT FRT|FWY:FREEWAY FREEWY FRWAY FRWY|
GDN:GARDEN GARDN GRDEN GRDN|GDNS:GARDENS GRDNS|GTWY:GATEWAY GATEWY GATWAY GTWAY|GLN:GLEN|GLNS:GLENS|
GRN:GREEN|GRNS:GREENS|GRV:GROV GROVE|GRVS:GROVES|HBR:HARB HARBOR HARBR HRBOR|HBRS:HARBORS|HVN:HAVEN|
HTS:HT HEIGHTS|HWY:HIGHWAY HIGHWY HIWAY HIWY HWAY|HL:HILL|HLS:HILLS|HOLW:HLLW HOLLOW HOLLOWS HOLWS|
INLT:INLET|IS:ISLAND ISLND|ISS:ISLANDS ISLNDS|ISLE:ISLES|JCT:JCTION JCTN JUNCTION JUNCTN JUNCTON|
JCTS:JCTNS JUNCTIONS|KY:KEY|KYS:KEYS|KNL:KNOL KNOLL|KNLS:KNOLLS|LK:LAKE|LKS:LAKES|LAND|
LNDG:LANDING LNDNG|LN:LANE|LGT:LIGHT|LGTS:LIGHTS|LF:LOAF|LCK:LOCK|LCKS:LOCKS|LDG:LDGE LODG LODGE|
LOOP:LOOPS|MALL|MNR:MANOR|MNRS:MANORS|MDW:MEADOW|MDWS:MDW MEADOWS MEDOWS|MEWS|ML:MILL|MLS:MILLS|
MSN:MISSION MISSN MSSN|MTWY:MOTORWAY|MT:MNT MOUNT|MTN:MNTAIN MNTN MOUNTAIN MOUNTIN MTIN|MTNS:MNTNS MOUNTAINS|
NCK:NECK|ORCH:ORCHARD ORCHRD|OVAL:OVL|OPAS:OVERPASS|PARK:PRK PARKS|PKWY:PARKWAY PARKWY PKWAY PKY PARKWAYS PKWYS|
PASS|PSGE:PASSAGE|PATH:PATHS|PIKE:PIKES|PNE:PINE|PNES:PINES|PL:PLACE|PLN:PLAIN|PLNS:PLAINS|
PLZ:PLAZA PLZA|PT:POINT|PTS:POINTS|PRT:PORT|PRTS:PORTS|PR:PRAIRIE PRR|RADL:RAD RADIAL RADIEL|RAMP|
RNCH:RANCH RANCHES RNCHS|RPD:RAPID|RPDS:RAPIDS|RST:REST|RDG:RDGE RIDGE|RDGS:RIDGES|RIV:RIVER RVR RIVR|
RD:ROAD|RDS:ROADS|RTE:ROUTE|ROW|RUE|RUN|SHL:SHOAL|SHLS:SHOALS|SHR:SHOAR SHORE|SHRS:SHOARS SHORES|
SKWY:SKYWAY|SPG:SPNG SPRING SPRNG|SPGS:SPNGS SPRINGS SPRNGS|SPUR:SPURS|SQ:SQR SQRE SQU SQUARE|SQS:SQRS SQUARES|
STA:STATION STATN STN|STRA:STRAV STRAVEN STRAVENUE STRAVN STRVN STRVNUE|STRM:STREAM STREME|
ST:STREET STRT STR|STS:STREETS|SMT:SUMIT SUMITT SUMMIT|TER:TERR TERRACE|TRWY:THROUGHWAY|
TRCE:TRACE TRACES|TRAK:TRACK TRACKS TRK TRKS|TRFY:TRAFFICWAY|TRL:TRAIL TRAILS TRLS|TRLR:TRAILER TRLRS|
TUNL:TUNEL TUNLS TUNNEL TUNNELS TUNNL|TPKE:TRNPK TURNPIKE TURNPK|UPAS:UNDERPASS|UN:UNION|UNS:UNIONS|
VLY:VALLEY VALLY VLLY|VLYS:VALLEYS|VIA:VDCT VIADCT VIADUCT|VW:VIEW|VWS:VIEWS|
VLG:VILL VILLAG VILLAGE VILLG VILLIAGE|VLGS:VILLAGES|VL:VILLE|VIS:VIST VISTA VST VSTA|WALK:WALKS|WALL|
WAY:WY|WAYS|WL:WELL|WLS:WELLS`;

/**
 * Spellings outside C1 that are common in real lists and unambiguous as a
 * street suffix (never a state code or a unit designator).
 */
const SUFFIX_EXTRAS = `EXPY:EXPWY|PKWY:PKW|TPKE:TPK|HWY:HGWY HGHWY|CT:CRT`;

/** Street suffix (C1): any listed spelling → standard abbreviation. */
export const STREET_SUFFIXES: ReadonlyMap<string, string> = new Map([...expand(C1), ...expand(SUFFIX_EXTRAS)]);

/**
 * Suffixes that are almost never part of a street's name, so a parser can stop
 * at them; the others (HILL, PARK, LAKE, GROVE, CENTER…) often are name words
 * ("Flint Hill Road", "Deerwood Park Boulevard").
 */
export const STRONG_SUFFIXES: ReadonlySet<string> = new Set([
  'ST',
  'AVE',
  'RD',
  'DR',
  'BLVD',
  'LN',
  'CT',
  'PL',
  'WAY',
  'PKWY',
  'HWY',
  'CIR',
  'TER',
  'TRL',
  'EXPY',
  'FWY',
  'TPKE',
  'ALY',
  'CSWY',
  'BYP',
  'SKWY',
  'STRA',
  'LOOP',
  'PIKE',
]);

/** Directionals (Pub 28 section 233), with Spanish forms. */
export const DIRECTIONALS: ReadonlyMap<string, string> = new Map([
  ['N', 'N'],
  ['S', 'S'],
  ['E', 'E'],
  ['W', 'W'],
  ['NE', 'NE'],
  ['NW', 'NW'],
  ['SE', 'SE'],
  ['SW', 'SW'],
  ['NORTH', 'N'],
  ['SOUTH', 'S'],
  ['EAST', 'E'],
  ['WEST', 'W'],
  ['NORTHEAST', 'NE'],
  ['NORTHWEST', 'NW'],
  ['SOUTHEAST', 'SE'],
  ['SOUTHWEST', 'SW'],
  ['NORTH-EAST', 'NE'],
  ['NORTH-WEST', 'NW'],
  ['SOUTH-EAST', 'SE'],
  ['SOUTH-WEST', 'SW'],
  // "So." for South is common in older lists (not in Pub 28); "No." is left out, it also means "number".
  ['SO', 'S'],
  ['NORTE', 'N'],
  ['SUR', 'S'],
  ['ESTE', 'E'],
  ['OESTE', 'W'],
  ['NORESTE', 'NE'],
  ['NOROESTE', 'NW'],
  ['SURESTE', 'SE'],
  ['SUROESTE', 'SW'],
]);

/** Spelled-out name of each standard directional, for a directional used as the street name ("100 North St"). */
export const DIRECTIONAL_WORDS: ReadonlyMap<string, string> = new Map([
  ['N', 'NORTH'],
  ['S', 'SOUTH'],
  ['E', 'EAST'],
  ['W', 'WEST'],
  ['NE', 'NORTHEAST'],
  ['NW', 'NORTHWEST'],
  ['SE', 'SOUTHEAST'],
  ['SW', 'SOUTHWEST'],
]);

/**
 * Appendix C2, secondary unit designators: spelling → standard. PMB (private
 * mailbox) is not in C2 but is the USPS form for mailboxes at commercial
 * receiving agencies, written like a unit.
 */
export const UNIT_DESIGNATORS: ReadonlyMap<string, string> = expand(`
APT:APARTMENT|BSMT:BASEMENT|BLDG:BUILDING BLD|DEPT:DEPARTMENT|FL:FLOOR FLR|FRNT:FRONT|HNGR:HANGAR|KEY|
LBBY:LOBBY|LOT|LOWR:LOWER|OFC:OFFICE|PH:PENTHOUSE|PIER|REAR|RM:ROOM|SIDE|SLIP|SPC:SPACE|STOP|STE:SUITE|
TRLR:TRAILER|UNIT|UPPR:UPPER|PMB`);

/** C2 designators that USPS lists without a secondary number (REAR, PH, BSMT…). */
export const UNIT_WITHOUT_NUMBER: ReadonlySet<string> = new Set(['BSMT', 'FRNT', 'LBBY', 'LOWR', 'OFC', 'PH', 'REAR', 'SIDE', 'UPPR']);

/**
 * Designators that mean a unit wherever they appear after the street, even with
 * no number after them; the rest (KEY, PIER, SIDE, FRONT…) are ordinary words
 * too and only count as a unit when an identifier follows.
 */
export const UNAMBIGUOUS_UNITS: ReadonlySet<string> = new Set([
  'APT',
  'APARTMENT',
  'STE',
  'SUITE',
  'UNIT',
  'RM',
  'ROOM',
  'BLDG',
  'BUILDING',
  'DEPT',
  'DEPARTMENT',
  'BSMT',
  'BASEMENT',
  'LBBY',
  'LOBBY',
  'PH',
  'PENTHOUSE',
  'TRLR',
  'FL',
  'FLR',
  'FLOOR',
  'SPC',
  'HNGR',
  'HANGAR',
  'OFC',
  'PMB',
]);

const STATE_TABLE = `
AL:ALABAMA,ALA|AK:ALASKA|AZ:ARIZONA,ARIZ|AR:ARKANSAS,ARK|CA:CALIFORNIA,CALIF,CAL|CO:COLORADO,COLO|
CT:CONNECTICUT,CONN|DE:DELAWARE,DEL|DC:DISTRICT OF COLUMBIA|FL:FLORIDA,FLA|GA:GEORGIA|HI:HAWAII|ID:IDAHO|
IL:ILLINOIS,ILL|IN:INDIANA,IND|IA:IOWA|KS:KANSAS,KAN,KANS|KY:KENTUCKY|LA:LOUISIANA|ME:MAINE|MD:MARYLAND|
MA:MASSACHUSETTS,MASS|MI:MICHIGAN,MICH|MN:MINNESOTA,MINN|MS:MISSISSIPPI,MISS|MO:MISSOURI|MT:MONTANA,MONT|
NE:NEBRASKA,NEB,NEBR|NV:NEVADA,NEV|NH:NEW HAMPSHIRE|NJ:NEW JERSEY|NM:NEW MEXICO|NY:NEW YORK|
NC:NORTH CAROLINA|ND:NORTH DAKOTA|OH:OHIO|OK:OKLAHOMA,OKLA|OR:OREGON,ORE,OREG|PA:PENNSYLVANIA,PENN,PENNA|
RI:RHODE ISLAND|SC:SOUTH CAROLINA|SD:SOUTH DAKOTA|TN:TENNESSEE,TENN|TX:TEXAS,TEX|UT:UTAH|VT:VERMONT|
VA:VIRGINIA|WA:WASHINGTON,WASH|WV:WEST VIRGINIA,W VA|WI:WISCONSIN,WIS,WISC|WY:WYOMING,WYO|
AS:AMERICAN SAMOA|GU:GUAM|MP:NORTHERN MARIANA ISLANDS|PR:PUERTO RICO|VI:VIRGIN ISLANDS,US VIRGIN ISLANDS|
FM:FEDERATED STATES OF MICRONESIA|MH:MARSHALL ISLANDS|PW:PALAU|
AA:ARMED FORCES AMERICAS|AE:ARMED FORCES EUROPE|AP:ARMED FORCES PACIFIC`;

/**
 * State, DC, territory and military codes, full names and customary
 * abbreviations → 2-letter code. Multi-word names are keyed with single spaces.
 */
export const STATES: ReadonlyMap<string, string> = expand(STATE_TABLE, ',');

/** Longest state name in words ("FEDERATED STATES OF MICRONESIA"). */
export const MAX_STATE_WORDS = 4;

/** States whose ZIP codes start with 0, where a spreadsheet may have dropped that zero. */
export const LEADING_ZERO_ZIP_STATES: ReadonlySet<string> = new Set(['CT', 'MA', 'ME', 'NH', 'NJ', 'PR', 'RI', 'VT', 'VI', 'AE']);

/** Ordinal words → numeric ordinals used in street names (FIFTH → 5TH). */
export const ORDINAL_WORDS: ReadonlyMap<string, number> = new Map([
  ['FIRST', 1],
  ['SECOND', 2],
  ['THIRD', 3],
  ['FOURTH', 4],
  ['FIFTH', 5],
  ['SIXTH', 6],
  ['SEVENTH', 7],
  ['EIGHTH', 8],
  ['NINTH', 9],
  ['TENTH', 10],
  ['ELEVENTH', 11],
  ['TWELFTH', 12],
  ['THIRTEENTH', 13],
  ['FOURTEENTH', 14],
  ['FIFTEENTH', 15],
  ['SIXTEENTH', 16],
  ['SEVENTEENTH', 17],
  ['EIGHTEENTH', 18],
  ['NINETEENTH', 19],
  ['TWENTIETH', 20],
  ['THIRTIETH', 30],
  ['FORTIETH', 40],
  ['FIFTIETH', 50],
  ['SIXTIETH', 60],
  ['SEVENTIETH', 70],
  ['EIGHTIETH', 80],
  ['NINETIETH', 90],
  ['HUNDREDTH', 100],
]);

/** Tens words that combine with an ordinal word ("TWENTY FIRST", "TWENTY-FIRST" → 21ST). */
export const TENS_WORDS: ReadonlyMap<string, number> = new Map([
  ['TWENTY', 20],
  ['THIRTY', 30],
  ['FORTY', 40],
  ['FIFTY', 50],
  ['SIXTY', 60],
  ['SEVENTY', 70],
  ['EIGHTY', 80],
  ['NINETY', 90],
]);

/** "1" → "1ST", "12" → "12TH", "23" → "23RD". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}TH`;
  switch (n % 10) {
    case 1:
      return `${n}ST`;
    case 2:
      return `${n}ND`;
    case 3:
      return `${n}RD`;
    default:
      return `${n}TH`;
  }
}

/** Spelled-out house numbers seen at the start of addresses ("One S Dearborn St"). */
export const NUMBER_WORDS: ReadonlyMap<string, string> = new Map([
  ['ONE', '1'],
  ['TWO', '2'],
  ['THREE', '3'],
  ['FOUR', '4'],
  ['FIVE', '5'],
  ['SIX', '6'],
  ['SEVEN', '7'],
  ['EIGHT', '8'],
  ['NINE', '9'],
  ['TEN', '10'],
  ['ELEVEN', '11'],
  ['TWELVE', '12'],
  ['THIRTEEN', '13'],
  ['FOURTEEN', '14'],
  ['FIFTEEN', '15'],
  ['SIXTEEN', '16'],
  ['SEVENTEEN', '17'],
  ['EIGHTEEN', '18'],
  ['NINETEEN', '19'],
  ['TWENTY', '20'],
]);

/**
 * Second words of common "Saint …" place names. "ST" before one of them, right
 * before the state, opens the city ("… LINDBERGH ST LOUIS MO") instead of
 * closing the street; elsewhere ST stays a suffix.
 */
export const SAINT_PLACE_WORDS: ReadonlySet<string> = new Set([
  'LOUIS',
  'PAUL',
  'PETERSBURG',
  'CHARLES',
  'JOSEPH',
  'GEORGE',
  'CLOUD',
  'AUGUSTINE',
  'CLAIR',
  'CLAIRSVILLE',
  'HELENS',
  'HELENA',
  'JOHNS',
  'JOHNSBURY',
  'MARYS',
  'ALBANS',
  'SIMONS',
  'JAMES',
  'ROSE',
  'PETERS',
  'MATTHEWS',
  'FRANCIS',
  'FRANCISVILLE',
  'MARTINVILLE',
  'ANN',
  'ANTHONY',
  'CROIX',
  'IGNACE',
  'JOE',
  'MICHAEL',
  'LEONARD',
]);
