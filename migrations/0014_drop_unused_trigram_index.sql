-- The trigram index on parcels.address_line1 (0002) serves no query: the look-alike
-- probe reaches candidates through the ZIP and house-number index and calls
-- similarity() on those few rows, and search reads search_vector (0011). It only
-- cost every imported parcel a GIN insert of each trigram of its street line.
drop index parcels_address_trgm_idx;
