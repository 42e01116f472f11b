/** Parcel facts an external provider may give. */
export interface ProviderFacts {
  latitude?: number;
  longitude?: number;
  beds?: number;
  baths?: number;
  living_sqft?: number;
  lot_sqft?: number;
  year_built?: number;
}

/** A provider's answer about one address, as cached and applied: found or not, the facts it gave, the address it matched. */
export interface ProviderAnswer {
  found: boolean;
  facts: ProviderFacts;
  matched: string | null;
}

/** The address parts of a parcel that external requests are built from (stored in USPS form). */
export interface ParcelAddress {
  address_line1: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
}

/** The answer for an address the provider does not know. */
export const noMatch = (): ProviderAnswer => ({ found: false, facts: {}, matched: null });
