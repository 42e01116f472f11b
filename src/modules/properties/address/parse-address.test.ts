import { describe, expect, it } from 'vitest';
import { matchPreTyped, standardizeStreetWords, standardizeUnitWords, tokenize } from './parse-address.js';

describe('tokenize', () => {
  it('uppercases, drops periods and apostrophes, keeps hyphens and fractions inside words', () => {
    expect(tokenize("123-45 O'Neil St. 1/2").words).toEqual(['123-45', 'ONEIL', 'ST', '1/2']);
    expect(tokenize('P.O. Box 5').words).toEqual(['PO', 'BOX', '5']);
  });

  it('makes # and & words of their own and splits designators glued to numbers', () => {
    expect(tokenize('APT#4').words).toEqual(['APT', '#', '4']);
    expect(tokenize('#4').words).toEqual(['#', '4']);
    expect(tokenize('Suite100 RR2').words).toEqual(['SUITE', '100', 'RR', '2']);
    expect(tokenize('A & B').words).toEqual(['A', '&', 'B']);
  });

  it('marks commas, semicolons and line breaks as breaks after the previous word', () => {
    const t = tokenize('1 Main St,\nSpringfield; IL');
    expect(t.words).toEqual(['1', 'MAIN', 'ST', 'SPRINGFIELD', 'IL']);
    expect(t.breaks).toEqual([false, false, true, true, false]);
  });

  it('drops leading and trailing joiners and empty pieces', () => {
    expect(tokenize(' - Main- St -- (rear) ').words).toEqual(['MAIN', 'ST', 'REAR']);
    expect(tokenize('').words).toEqual([]);
  });
});

describe('standardizeStreetWords', () => {
  it('spells out pre-typed roads', () => {
    expect(standardizeStreetWords(['US', 'HWY', '278'])).toBe('US HIGHWAY 278');
    expect(standardizeStreetWords(['U', 'S', 'HIGHWAY', 'NO', '202'])).toBe('US HIGHWAY 202');
    expect(standardizeStreetWords(['STATE', 'HWY', '#', '50'])).toBe('STATE HIGHWAY 50');
    expect(standardizeStreetWords(['CO', 'RD', '12'])).toBe('COUNTY ROAD 12');
    expect(standardizeStreetWords(['COUNTRY', 'ROAD', '546'])).toBe('COUNTY ROAD 546');
    expect(standardizeStreetWords(['AVENUE', 'H'])).toBe('AVENUE H');
    expect(standardizeStreetWords(['CITY', 'HWY', '16'])).toBe('CITY HIGHWAY 16');
  });

  it('turns ordinals into numbers and spells out a lone directional', () => {
    expect(standardizeStreetWords(['FIFTH'])).toBe('5TH');
    expect(standardizeStreetWords(['E'])).toBe('EAST');
    expect(standardizeStreetWords(['MARTIN', 'LUTHER', 'KING', 'JR'])).toBe('MARTIN LUTHER KING JR');
  });
});

describe('matchPreTyped', () => {
  it('needs an identifier after the type', () => {
    expect(matchPreTyped(['HWY', '61'], 0, 2)).toEqual({ name: 'HIGHWAY 61', next: 2 });
    expect(matchPreTyped(['HIGHWAY', 'DR'], 0, 2)).toBeNull();
    expect(matchPreTyped(['ROUTE', '66', 'RD'], 0, 3)).toBeNull();
    expect(matchPreTyped(['I-95'], 0, 1)).toEqual({ name: 'INTERSTATE 95', next: 1 });
    expect(matchPreTyped(['US', '31', 'BYPASS'], 0, 3)).toEqual({ name: 'US HIGHWAY 31 BYP', next: 3 });
  });
});

describe('standardizeUnitWords', () => {
  it('reads designators, floors and bare identifiers', () => {
    expect(standardizeUnitWords(['SUITE', '1515'])).toEqual({ type: 'STE', id: '1515' });
    expect(standardizeUnitWords(['#', '132'])).toEqual({ type: '#', id: '132' });
    expect(standardizeUnitWords(['SECOND', 'FLOOR'])).toEqual({ type: 'FL', id: '2' });
    expect(standardizeUnitWords(['REAR'])).toEqual({ type: 'REAR', id: null });
    expect(standardizeUnitWords(['3R'])).toEqual({ type: '#', id: '3R' });
    expect(standardizeUnitWords(['BLDG', '100', 'STE', '120'])).toEqual({ type: 'STE', id: '120' });
    expect(standardizeUnitWords([])).toBeNull();
  });
});
