/**
 * The property types buy boxes name. Lists spell a parcel's type every way ("SFR",
 * "Single Family Residence", "RES-1 FAM"); the SQL function property_type_key
 * (migration 0020) turns any spelling into one of these keys, for parcels and for
 * what users and buyer files type alike.
 */
export const PROPERTY_TYPES = ['single_family', 'condo', 'townhouse', 'multi_family', 'mobile_home', 'land', 'commercial'] as const;
export type PropertyTypeKey = (typeof PROPERTY_TYPES)[number];

export const PROPERTY_TYPE_LABELS: Record<PropertyTypeKey, string> = {
  single_family: 'Single family',
  condo: 'Condo',
  townhouse: 'Townhouse',
  multi_family: 'Multi-family',
  mobile_home: 'Mobile home',
  land: 'Land',
  commercial: 'Commercial',
};
