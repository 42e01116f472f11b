import { describe, expect, it } from 'vitest';
import { timeZoneAt, zipPlace } from './zip-geography.js';

describe('zipPlace', () => {
  it('knows a ZIP code, its county and time zone', () => {
    expect(zipPlace('62701')).toMatchObject({ city: 'SPRINGFIELD', state: 'IL', county: 'Sangamon', timeZone: 'America/Chicago' });
    expect(zipPlace('10001')).toMatchObject({ state: 'NY', timeZone: 'America/New_York' });
    expect(zipPlace('85001')?.timeZone).toBe('America/Phoenix');
  });

  it('answers null for codes that are not ZIP codes', () => {
    expect(zipPlace('00000')).toBeNull();
    expect(zipPlace('6270')).toBeNull();
  });

  it('finds the time zone of a point on either side of a zone line', () => {
    // Indiana: Indianapolis keeps Eastern time, Gary (near Chicago) Central.
    expect(timeZoneAt(39.7684, -86.1581)).toBe('America/Indiana/Indianapolis');
    expect(timeZoneAt(41.5934, -87.3464)).toBe('America/Chicago');
  });
});
