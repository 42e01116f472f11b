-- The property screen at a million parcels: every sort is served by an index that
-- starts with the tenant, filters read stored columns, and search reads one
-- maintained column instead of joining owners and matching with ILIKE.

-- Equity as the list, the property page and the signals read it (PARCEL_EQUITY):
-- the value less the open mortgage, known only when a source gave the balance (0
-- included) or said free and clear. Stored so that the equity sort has an index.
alter table parcels
  add column equity_amount numeric generated always as (
    coalesce(market_value, assessed_value) - coalesce(mortgage_balance, case when free_and_clear then 0 end)
  ) stored;

-- An owner's mailing address is elsewhere (true), every owner with a known mailing
-- address lives there (false), or no owner's mailing address is known (null).
-- Kept on write by refresh_parcel_search, with the search text.
alter table parcels add column absentee boolean;

-- Address, city, ZIP, APN, owner names, phones and e-mails, lower case without
-- accents (parcel_search_text). Punctuation separates words for the full-text vector:
-- an e-mail or an APN is searched word by word.
alter table parcels add column search_text text not null default '';
alter table parcels
  add column search_vector tsvector generated always as (to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))) stored;

create function fold_search_text(value text) returns text
  language sql immutable parallel safe
  return lower(translate(value,
    'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěÌÍÎÏìíîïĪīĮįŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűÝýÿŹźŻżŽž',
    'AAAAAAaaaaaaAaAaAaCcCcCcDdEEEEeeeeEeEeEeEeIIIIiiiiIiIiLlNnNnNnOOOOOOooooooOoOoRrSsSsSsTtUUUUuuuuUuUuUuYyyZzZzZz'));

-- The search text of a parcel from its address and its owners' names and contacts,
-- in one place for every writer (the import computes it for new parcels from what it
-- staged; refresh_parcel_search from what is stored). A phone is three words: with
-- the country code, with the area code, and the local seven digits.
create function parcel_search_text(address_line1 text, city text, zip text, apn text, names text[], phones text[], emails text[])
  returns text
  language sql immutable parallel safe
  return fold_search_text(concat_ws(' ', address_line1, city, zip, apn,
    (select string_agg(n, ' ' order by n) from (select distinct n from unnest(names) n) d),
    (select string_agg(concat_ws(' ', substr(e, 2), right(e, 10), right(e, 7)), ' ' order by e) from (select distinct e from unnest(phones) e) d),
    (select string_agg(e, ' ' order by e) from (select distinct e from unnest(emails) e) d)));

-- Absentee: an owner's mailing address is elsewhere (true), every known one is the
-- property's own (false), or none is known (null).
create function parcel_absentee(address_key text, mailing_keys text[]) returns boolean
  language sql immutable parallel safe
  return (select bool_or(m is distinct from address_key) from unnest(mailing_keys) m where m is not null);

-- Recomputes the search text and the absentee flag of the given parcels from their
-- owners and contacts, set-based; rows whose values did not change are not written.
-- Runs as the caller, so row-level security limits it to the caller's tenant.
create function refresh_parcel_search(parcel_ids uuid[]) returns void
  language sql
  begin atomic
    update parcels p
       set search_text = s.search_text, absentee = s.absentee
      from (
        select t.tenant_id, t.id,
               parcel_search_text(t.address_line1, t.city, t.zip, t.apn, o.names, o.phones, o.emails) as search_text,
               parcel_absentee(t.address_key, o.mailing_keys) as absentee
          from parcels t
          left join lateral (
            select array_agg(ow.display_name) as names, array_agg(ow.mailing_key) as mailing_keys,
                   (select array_agg(ph.e164) from owner_phones ph where ph.tenant_id = t.tenant_id and ph.owner_id = any(array_agg(ow.id))) as phones,
                   (select array_agg(em.email) from owner_emails em where em.tenant_id = t.tenant_id and em.owner_id = any(array_agg(ow.id))) as emails
              from parcel_owners po
              join owners ow on ow.tenant_id = po.tenant_id and ow.id = po.owner_id
             where po.tenant_id = t.tenant_id and po.parcel_id = t.id
          ) o on true
         where t.id = any(parcel_ids)
      ) s
     where p.tenant_id = s.tenant_id and p.id = s.id
       and (p.search_text is distinct from s.search_text or p.absentee is distinct from s.absentee);
  end;
grant execute on function refresh_parcel_search(uuid[]) to reos_app;

create index parcels_search_vector_idx on parcels using gin (search_vector);
create index parcels_tags_idx on parcels using gin (distress_tags);

-- One index per sort, tenant first, every key in one direction and never null (an
-- unknown value sorts last through its "is known" key), so a cursor is one row
-- comparison the index answers: (keys) < (the last row's keys).
create index parcels_sort_stack_idx on parcels (tenant_id, stack_count desc, id desc);
create index parcels_sort_value_idx on parcels (tenant_id, (market_value is not null) desc, coalesce(market_value, 0) desc, id desc);
create index parcels_sort_equity_idx on parcels (tenant_id, (equity_amount is not null) desc, coalesce(equity_amount, 0) desc, id desc);
create index parcels_sort_year_built_idx on parcels (tenant_id, (year_built is not null) desc, coalesce(year_built, 0) desc, id desc);
create index parcels_sort_address_idx on parcels
  (tenant_id, (address_street is null), coalesce(address_street, ''), coalesce(address_number, ''), id);
create index parcels_sort_updated_idx on parcels (tenant_id, updated_at desc, id desc);
drop index parcel_scores_score_idx;
create index parcel_scores_sort_idx on parcel_scores (tenant_id, score desc, parcel_id desc);

-- Existing parcels get their search text and flag now. The owner of the tables
-- bypasses row-level security only while it is not forced.
alter table parcels no force row level security;
alter table parcel_owners no force row level security;
alter table owners no force row level security;
alter table owner_phones no force row level security;
alter table owner_emails no force row level security;
select refresh_parcel_search(array(select id from parcels));
alter table parcels force row level security;
alter table parcel_owners force row level security;
alter table owners force row level security;
alter table owner_phones force row level security;
alter table owner_emails force row level security;
