-- Unknown is not zero: a parcel's equity and free-and-clear status are known only
-- where a source says so (a mortgage balance, 0 included, or a free-and-clear flag).

-- What a source said about the parcel's mortgage when it gave no balance: true for
-- free and clear, false for mortgaged; null when no source said.
alter table parcels add column free_and_clear boolean;

-- The version of the rules a parcel's signals were derived with. Rows derived before
-- this migration (version 1) read a missing mortgage balance as none, and an owner
-- whose mailing address could not be compared as living elsewhere; a worker job
-- derives them again with the current rules, batch by batch, and rescores them.
alter table parcel_signals add column rules smallint not null default 1;
create index parcel_signals_rules_idx on parcel_signals (tenant_id, rules);
