import { describe, expect, it } from 'vitest';
import { checkUploadType } from './content-type.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

const PDF = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], 'IHDR');
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0');
const GIF = bytes('GIF89a', [0x01, 0x00, 0x01, 0x00]);
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ');
const HEIC = bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0], 'mif1heic');
const HEIF_GENERIC = bytes([0, 0, 0, 0x18], 'ftypmif1', [0, 0, 0, 0], 'mif1heic');
const AVIF = bytes([0, 0, 0, 0x1c], 'ftypavif', [0, 0, 0, 0], 'avifmif1');
const OLE = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0, 0, 0, 0, 0, 0, 0, 0]);
const OOXML = bytes('PK\x03\x04', [0x14, 0, 0x06, 0], '[Content_Types].xml');
const WINDOWS_PROGRAM = (() => {
  const head = Buffer.alloc(0x90);
  head.write('MZ', 0, 'latin1');
  head.writeUInt32LE(0x80, 0x3c);
  head.write('PE\0\0', 0x80, 'latin1');
  return head;
})();
const ELF = bytes([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('checkUploadType', () => {
  it.each([
    ['application/pdf', 'contract.pdf', PDF, 'application/pdf'],
    ['application/pdf', 'C:\\fakepath\\Scan 2024.PDF', PDF, 'application/pdf'],
    ['image/jpeg', 'front.jpg', JPEG, 'image/jpeg'],
    ['image/jpg', 'front.JPEG', JPEG, 'image/jpeg'],
    ['image/png', 'plat.png', PNG, 'image/png'],
    ['image/gif', 'map.gif', GIF, 'image/gif'],
    ['image/webp', 'kitchen.webp', WEBP, 'image/webp'],
    ['image/heic', 'IMG_0001.HEIC', HEIC, 'image/heic'],
    ['image/heif', 'IMG_0002.heic', HEIF_GENERIC, 'image/heic'],
    ['', 'IMG_0003.heic', HEIC, 'image/heic'],
    ['image/heif', 'roof.heif', HEIF_GENERIC, 'image/heif'],
    ['application/octet-stream', 'contract.pdf', PDF, 'application/pdf'],
    ['text/plain; charset=utf-8', 'notes.txt', bytes('Called the owner.\r\nBack on Monday.\n'), 'text/plain'],
    ['text/plain', 'latin1.txt', bytes('Caf\xe9 on the corner\n'), 'text/plain'],
    ['text/plain', 'empty.txt', bytes(), 'text/plain'],
    ['text/csv', 'owners.csv', bytes('name,address\nJane Doe,1 Main St\n'), 'text/csv'],
    ['application/vnd.ms-excel', 'owners.csv', bytes('\xef\xbb\xbfname;address\n'), 'text/csv'],
    // "MZ" opens many a text file; only a real program header is refused.
    ['text/csv', 'mz.csv', bytes('MZ Properties,Springfield\n'.repeat(4)), 'text/csv'],
    ['text/plain', 'math.txt', bytes('a < b and <bold> is not a tag here\n'), 'text/plain'],
    ['application/msword', 'lease.doc', OLE, 'application/msword'],
    ['application/vnd.ms-excel', 'rent-roll.xls', OLE, 'application/vnd.ms-excel'],
    [DOCX, 'lease.docx', OOXML, DOCX],
    [XLSX, 'rent-roll.xlsx', OOXML, XLSX],
    ['', 'rent-roll.xlsx', OOXML, XLSX],
  ])('accepts %s "%s" as %s', (declaredType, fileName, head, expected) => {
    expect(checkUploadType({ declaredType, fileName, head })).toEqual({ allowed: true, contentType: expected });
  });

  it.each([
    ['text/html', 'page.html', bytes('<!DOCTYPE html><html></html>'), /type text\/html are not accepted/],
    ['image/svg+xml', 'logo.svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), /type image\/svg\+xml are not accepted/],
    ['application/octet-stream', 'logo.svg', bytes('<svg></svg>'), /ending in \.svg are not accepted/],
    ['application/x-msdownload', 'setup.exe', WINDOWS_PROGRAM, /type application\/x-msdownload are not accepted/],
    ['application/octet-stream', 'setup.exe', WINDOWS_PROGRAM, /ending in \.exe are not accepted/],
    ['application/javascript', 'notes.txt', bytes('alert(1)'), /type application\/javascript are not accepted/],
    ['text/plain', 'page.txt', bytes('<!DOCTYPE html>\n<html><body>hi</body></html>'), /its content is HTML or XML markup/],
    ['text/plain', 'script.txt', bytes('\xef\xbb\xbf \n\t<SCRIPT>alert(1)</SCRIPT>'), /its content is HTML or XML markup/],
    ['text/csv', 'comment.csv', bytes('<!--x-->a,b\n'), /its content is HTML or XML markup/],
    ['text/plain', 'drawing.txt', bytes('<?xml version="1.0"?><svg onload="alert(1)"/>'), /its content is HTML or XML markup/],
    [
      'image/png',
      'logo.png',
      bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
      /named as a PNG image but its content is HTML or XML markup/,
    ],
    ['application/pdf', 'invoice.pdf', WINDOWS_PROGRAM, /named as a PDF document but its content is a program/],
    ['image/jpeg', 'photo.jpg', ELF, /its content is a program/],
    ['image/png', 'photo.png', PDF, /named as a PNG image but its content is a PDF document/],
    ['image/png', 'contract.pdf', PDF, /"contract.pdf" is named as a PDF document but was sent as image\/png/],
    ['image/jpeg', 'photo.png', JPEG, /named as a PNG image but was sent as image\/jpeg/],
    ['application/pdf', 'contract', PDF, /"contract" has no extension/],
    ['application/pdf', 'contract.', PDF, /has no extension/],
    ['application/msword', 'lease.doc', OOXML, /named as a Word document but its content is a ZIP archive/],
    [DOCX, 'lease.docx', OLE, /its content is an older Office document/],
    ['application/pdf', 'archive.pdf', OOXML, /its content is a ZIP archive/],
    ['image/heic', 'photo.heic', AVIF, /named as a HEIC image but its content is binary data/],
    ['text/plain', 'utf16.txt', bytes([0xff, 0xfe], 'h\0i\0'), /its content is binary data/],
    ['text/csv', 'owners.csv', PNG, /named as a CSV file but its content is a PNG image/],
    ['application/pdf', 'empty.pdf', bytes(), /its content is empty/],
    ['application/pdf', 'truncated.pdf', bytes('%PD'), /named as a PDF document but its content is text/],
  ])('refuses %s "%s"', (declaredType, fileName, head, reason) => {
    const verdict = checkUploadType({ declaredType, fileName, head });
    expect(verdict.allowed).toBe(false);
    expect(verdict).toMatchObject({ reason: expect.stringMatching(reason) });
  });

  it('names the accepted kinds when it refuses a type', () => {
    const verdict = checkUploadType({ declaredType: 'video/mp4', fileName: 'tour.mp4', head: bytes([0, 0, 0, 0x18], 'ftypmp42') });
    expect(verdict).toEqual({
      allowed: false,
      reason:
        'Files of type video/mp4 are not accepted; accepted are PDF, JPEG, PNG, GIF, WebP, HEIC/HEIF, text (.txt), CSV, Word (.doc, .docx) and Excel (.xls, .xlsx)',
    });
  });
});
