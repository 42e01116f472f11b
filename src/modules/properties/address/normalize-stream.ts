import { once } from 'node:events';
import readline from 'node:readline';
import { normalizeAddress } from './normalize-address.js';

/**
 * Reads one address per line and writes one JSON object per line, with exactly
 * the keys of NormalizedAddress in their declared order (absent parts null).
 * Nothing is skipped: an empty line gives an object with input "" and nulls.
 * CRLF line ends and a last line without a newline are handled by readline.
 * Resolves with the number of lines written; respects output backpressure.
 */
export async function normalizeLines(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
  let count = 0;
  for await (const raw of lines) {
    // A byte-order mark on the first line is encoding, not address.
    const line = count === 0 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    const a = normalizeAddress(line);
    // Built explicitly so the key order is part of the contract, not of the parser.
    const row = JSON.stringify({
      input: a.input,
      number: a.number,
      predirectional: a.predirectional,
      street: a.street,
      suffix: a.suffix,
      postdirectional: a.postdirectional,
      unitType: a.unitType,
      unitNumber: a.unitNumber,
      poBox: a.poBox,
      city: a.city,
      state: a.state,
      zip: a.zip,
      zip4: a.zip4,
      line1: a.line1,
      key: a.key,
    });
    count++;
    if (!output.write(`${row}\n`)) await once(output, 'drain');
  }
  return count;
}
