-- Buy-box matching compares a parcel's property type with the types a buyer buys.
-- Lists spell types every way ("SFR", "Single Family Residence", "RES-1 FAM"), so
-- both sides go through one function to the keys of buyer-matching/property-types.ts.
-- The first rule that matches wins: "condo townhouse" is a condo, "multi family" is
-- not single family. Null: a spelling that names none of them.
create function property_type_key(raw text) returns text
  language sql immutable parallel safe
  return (
    with t as (select trim(regexp_replace(regexp_replace(lower(raw), '[_/.,-]+', ' ', 'g'), '\s+', ' ', 'g')) as v)
    select case
      when v in ('single family', 'condo', 'townhouse', 'multi family', 'mobile home', 'land', 'commercial') then replace(v, ' ', '_')
      when v ~ 'mobile|manufactured|trailer' then 'mobile_home'
      when v ~ '\yland\y|\ylots?\y|vacant|acreage|agricultur|farm' then 'land'
      when v ~ 'commercial|retail|office|industrial|warehouse|mixed use' then 'commercial'
      when v ~ 'multi|duplex|triplex|fourplex|quadplex|\y[2-9] ?(units?|fam)|apartment' then 'multi_family'
      when v ~ 'condo' then 'condo'
      when v ~ 'town ?house|townhome|row ?house' then 'townhouse'
      when v ~ 'single|\ysfr?\y|\ysfd\y|1 ?fam|residential|\yres\y|house|detached' then 'single_family'
    end
    from t
  );
grant execute on function property_type_key(text) to reos_app;
