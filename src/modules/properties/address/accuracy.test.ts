import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldAccuracy, overallFieldAccuracy, readLabeledFile, scoreAddresses } from '../../../../bench/address-scoring.js';

/**
 * Regression floor for address parsing, scored against the hand-labelled
 * usaddress sets (scoring rules in bench/address-scoring.ts; full report with
 * `npx tsx bench/address-accuracy.ts`). Floors sit a little under the measured
 * values, so a change that makes parsing worse fails here. The data lives
 * outside the repository; without it the suite is skipped.
 */
const DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../shared/data/addresses');
const present = fs.existsSync(path.join(DATA, 'usaddress-us50_train_tagged.xml'));

describe.skipIf(!present)('address accuracy on labelled addresses', () => {
  it('us50_train_tagged: one address per state', () => {
    const score = scoreAddresses(readLabeledFile(path.join(DATA, 'usaddress-us50_train_tagged.xml')));
    // measured: 50 scored, 47 exact, 98.0 % of field values
    expect(score.clean.addresses).toBe(50);
    expect(score.clean.exact).toBeGreaterThanOrEqual(46);
    expect(overallFieldAccuracy(score.clean)).toBeGreaterThanOrEqual(0.96);
    for (const f of ['number', 'city', 'state', 'zip'] as const) expect(fieldAccuracy(score.clean.fields[f]), f).toBe(1);
  });

  it('us50_messiest_manual_label: hard cases', () => {
    const score = scoreAddresses(readLabeledFile(path.join(DATA, 'usaddress-us50_messiest_manual_label.xml')));
    // measured: 63 scored, 63 exact
    expect(score.clean.exact / score.clean.addresses).toBeGreaterThanOrEqual(0.95);
  });

  it('labeled: 1,500 mixed addresses', () => {
    const score = scoreAddresses(readLabeledFile(path.join(DATA, 'usaddress-labeled.xml')));
    // measured: 1,315 scored, 81.6 % exact, 92.6 % of field values
    expect(score.clean.addresses).toBeGreaterThan(1200);
    expect(score.clean.exact / score.clean.addresses).toBeGreaterThanOrEqual(0.79);
    expect(overallFieldAccuracy(score.clean)).toBeGreaterThanOrEqual(0.91);
  });
});
