/**
 * Which attachments are accepted, judged from what the client declares and what the
 * bytes are. A browser may run an HTML or SVG file (scripts included) when it is opened,
 * and a mislabelled file can slip past a viewer, so the declared type, the file name's
 * extension and the file's first bytes must all name the same accepted kind.
 *
 * The table is written here rather than taken from a package: `file-type`, the usual
 * choice, needs Node 22 from its current major on, tells .doc from .xls no better than
 * these signatures do, and recognises no text, which is what HTML and SVG disguise as.
 */

/** How many leading bytes of a file `checkUploadType` should be given. */
export const CONTENT_SNIFF_BYTES = 4096;

export interface UploadDescription {
  /** The Content-Type the client sent for the file, parameters included or not. */
  declaredType: string;
  fileName: string;
  /** The file's first bytes, up to `CONTENT_SNIFF_BYTES` (all of it when shorter). */
  head: Uint8Array;
}

export type UploadTypeVerdict = { allowed: true; contentType: string } | { allowed: false; reason: string };

/** What the first bytes of a file are. */
type ContentKind = 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'heif' | 'ole' | 'zip' | 'program' | 'markup' | 'binary' | 'text' | 'empty';

interface AcceptedKind {
  label: string;
  /** The content type stored and served, whichever alias the client declared. */
  contentType: string;
  declaredTypes: readonly string[];
  extensions: readonly string[];
  /** What the content must be; text kinds also accept an empty file. */
  content: ContentKind;
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ACCEPTED_KINDS: readonly AcceptedKind[] = [
  {
    label: 'a PDF document',
    contentType: 'application/pdf',
    declaredTypes: ['application/pdf', 'application/x-pdf'],
    extensions: ['pdf'],
    content: 'pdf',
  },
  {
    label: 'a JPEG image',
    contentType: 'image/jpeg',
    declaredTypes: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
    extensions: ['jpg', 'jpeg'],
    content: 'jpeg',
  },
  { label: 'a PNG image', contentType: 'image/png', declaredTypes: ['image/png', 'image/x-png'], extensions: ['png'], content: 'png' },
  { label: 'a GIF image', contentType: 'image/gif', declaredTypes: ['image/gif'], extensions: ['gif'], content: 'gif' },
  { label: 'a WebP image', contentType: 'image/webp', declaredTypes: ['image/webp'], extensions: ['webp'], content: 'webp' },
  // Phones label the same files image/heic or image/heif.
  { label: 'a HEIC image', contentType: 'image/heic', declaredTypes: ['image/heic', 'image/heif'], extensions: ['heic'], content: 'heif' },
  { label: 'a HEIF image', contentType: 'image/heif', declaredTypes: ['image/heif', 'image/heic'], extensions: ['heif'], content: 'heif' },
  { label: 'a text file', contentType: 'text/plain', declaredTypes: ['text/plain'], extensions: ['txt'], content: 'text' },
  // Windows declares a .csv file as application/vnd.ms-excel wherever Excel is installed.
  {
    label: 'a CSV file',
    contentType: 'text/csv',
    declaredTypes: ['text/csv', 'application/csv', 'text/x-csv', 'text/comma-separated-values', 'application/vnd.ms-excel'],
    extensions: ['csv'],
    content: 'text',
  },
  {
    label: 'a Word document',
    contentType: 'application/msword',
    declaredTypes: ['application/msword'],
    extensions: ['doc'],
    content: 'ole',
  },
  {
    label: 'an Excel workbook',
    contentType: 'application/vnd.ms-excel',
    declaredTypes: ['application/vnd.ms-excel'],
    extensions: ['xls'],
    content: 'ole',
  },
  { label: 'a Word document', contentType: DOCX, declaredTypes: [DOCX], extensions: ['docx'], content: 'zip' },
  { label: 'an Excel workbook', contentType: XLSX, declaredTypes: [XLSX], extensions: ['xlsx'], content: 'zip' },
];

/** What browsers send when they do not know a file's type; the extension and the bytes decide then. */
const UNKNOWN_DECLARED_TYPES = ['', 'application/octet-stream', 'binary/octet-stream'];

const ACCEPTED_SUMMARY = 'PDF, JPEG, PNG, GIF, WebP, HEIC/HEIF, text (.txt), CSV, Word (.doc, .docx) and Excel (.xls, .xlsx)';

const CONTENT_LABELS: Record<ContentKind, string> = {
  pdf: 'a PDF document',
  png: 'a PNG image',
  jpeg: 'a JPEG image',
  gif: 'a GIF image',
  webp: 'a WebP image',
  heif: 'a HEIC/HEIF image',
  ole: 'an older Office document (.doc or .xls)',
  zip: 'a ZIP archive (such as .docx or .xlsx)',
  program: 'a program',
  markup: 'HTML or XML markup, which a browser can run as a page',
  binary: 'binary data of no accepted format',
  text: 'text',
  empty: 'empty',
};

/**
 * Whether an uploaded file may be stored, and under which content type. Refusals carry
 * a reason meant for the person who uploaded the file.
 */
export function checkUploadType({ declaredType, fileName, head }: UploadDescription): UploadTypeVerdict {
  const declared = declaredType.split(';')[0]!.trim().toLowerCase();
  const declaredSaysNothing = UNKNOWN_DECLARED_TYPES.includes(declared);
  if (!declaredSaysNothing && !ACCEPTED_KINDS.some((kind) => kind.declaredTypes.includes(declared))) {
    return refuse(`Files of type ${declared} are not accepted; accepted are ${ACCEPTED_SUMMARY}`);
  }

  const extension = extensionOf(fileName);
  if (extension === undefined) return refuse(`"${fileName}" has no extension; accepted are ${ACCEPTED_SUMMARY}`);
  const kind = ACCEPTED_KINDS.find((candidate) => candidate.extensions.includes(extension));
  if (kind === undefined) return refuse(`Files ending in .${extension} are not accepted; accepted are ${ACCEPTED_SUMMARY}`);
  if (!declaredSaysNothing && !kind.declaredTypes.includes(declared)) {
    return refuse(`"${fileName}" is named as ${kind.label} but was sent as ${declared}`);
  }

  const content = contentKindOf(head);
  const contentFits = kind.content === 'text' ? content === 'text' || content === 'empty' : content === kind.content;
  if (!contentFits) return refuse(`"${fileName}" is named as ${kind.label} but its content is ${CONTENT_LABELS[content]}`);
  return { allowed: true, contentType: kind.contentType };
}

const refuse = (reason: string): UploadTypeVerdict => ({ allowed: false, reason });

function extensionOf(fileName: string): string | undefined {
  const baseName = fileName.split(/[/\\]/).pop() ?? '';
  const dot = baseName.lastIndexOf('.');
  return dot > 0 && dot < baseName.length - 1 ? baseName.slice(dot + 1).toLowerCase() : undefined;
}

/** A format's identifying first bytes. */
interface Signature {
  kind: ContentKind;
  bytes: readonly number[];
}

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { kind: 'pdf', bytes: ascii('%PDF-') },
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'gif', bytes: ascii('GIF87a') },
  { kind: 'gif', bytes: ascii('GIF89a') },
  { kind: 'ole', bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { kind: 'zip', bytes: ascii('PK\x03\x04') },
  { kind: 'program', bytes: [0x7f, 0x45, 0x4c, 0x46] }, // ELF
  { kind: 'program', bytes: [0xfe, 0xed, 0xfa, 0xce] }, // Mach-O, 32 and 64 bits, both byte orders
  { kind: 'program', bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { kind: 'program', bytes: [0xce, 0xfa, 0xed, 0xfe] },
  { kind: 'program', bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { kind: 'program', bytes: [0xca, 0xfe, 0xba, 0xbe] }, // Mach-O universal binary, Java class
  { kind: 'program', bytes: [0x00, 0x61, 0x73, 0x6d] }, // WebAssembly
];

/** ISO base media `ftyp` brands of HEIF still images (HEVC-coded or generic). */
const HEIF_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

/**
 * Openings a browser sniffs as a page: the HTML patterns of the WHATWG MIME Sniffing
 * standard, plus SVG, each followed by a space or ">". `<?xml` and `<!--` suffice alone.
 */
const MARKUP_TAGS = [
  '<!doctype html',
  '<html',
  '<head',
  '<script',
  '<iframe',
  '<h1',
  '<div',
  '<font',
  '<table',
  '<a',
  '<style',
  '<title',
  '<b',
  '<body',
  '<br',
  '<p',
  '<svg',
];

function contentKindOf(head: Uint8Array): ContentKind {
  if (head.length === 0) return 'empty';
  const signature = SIGNATURES.find(({ bytes }) => startsWith(head, 0, bytes));
  if (signature !== undefined) return signature.kind;
  if (startsWith(head, 0, ascii('RIFF')) && startsWith(head, 8, ascii('WEBP'))) return 'webp';
  if (startsWith(head, 4, ascii('ftyp')) && HEIF_BRANDS.includes(asciiAt(head, 8, 4))) return 'heif';
  if (isWindowsProgram(head)) return 'program';
  if (looksLikeMarkup(head)) return 'markup';
  return head.some(isControlByte) ? 'binary' : 'text';
}

/** "MZ" alone starts many a text file; a Windows program also has "PE\0\0" where its header points. */
function isWindowsProgram(head: Uint8Array): boolean {
  if (!startsWith(head, 0, ascii('MZ')) || head.length < 0x40) return false;
  const peOffset = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0x3c, true);
  return startsWith(head, peOffset, ascii('PE\0\0'));
}

function looksLikeMarkup(head: Uint8Array): boolean {
  let start = startsWith(head, 0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (start < head.length && [0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(head[start]!)) start += 1;
  const opening = asciiAt(head, start, 20).toLowerCase();
  if (opening.startsWith('<?xml') || opening.startsWith('<!--')) return true;
  return MARKUP_TAGS.some((tag) => opening.startsWith(tag) && [' ', '>'].includes(opening.charAt(tag.length)));
}

/** Bytes that do not occur in text: controls other than tab, line feed, vertical tab, form feed and carriage return. */
const isControlByte = (byte: number) => byte < 0x20 && (byte < 0x09 || byte > 0x0d);

const startsWith = (head: Uint8Array, offset: number, bytes: readonly number[]) =>
  bytes.every((byte, index) => head[offset + index] === byte);

const asciiAt = (head: Uint8Array, offset: number, length: number) => String.fromCharCode(...head.subarray(offset, offset + length));
