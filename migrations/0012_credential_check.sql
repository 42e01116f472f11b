-- The database half of authenticating a request, as functions that run with the
-- caller's rights (reos_app, under row-level security), so a credential check can
-- travel inside a statement the request sends anyway.

-- Raises SQLSTATE RE401 unless the session is live, the user enabled and a member
-- of the current tenant in exactly the role the access token claims. The request's
-- first tenant transaction runs it right after BEGIN: a failure aborts that
-- transaction before any statement of the request ran.
create function reos_assert_session(p_user uuid, p_session uuid, p_role text) returns void
  language plpgsql
  as $$
begin
  perform 1
     from sessions s
     join users u on u.id = s.user_id and u.disabled_at is null
     join memberships m on m.user_id = s.user_id and m.tenant_id = current_tenant_id() and m.role = p_role
    where s.id = p_session and s.user_id = p_user and s.revoked_at is null and s.expires_at > now();
  if not found then
    raise exception 'the credential is no longer valid' using errcode = 'RE401';
  end if;
end
$$;

-- The API key named by app.api_key_id (visible through its key_lookup policy). When
-- the presented secret's digest matches and the key is live, it also records the
-- use, at most once a minute, in the key's tenant: lookup and bookkeeping share one
-- transaction. The caller still compares the digest itself, in constant time.
create function reos_use_api_key(p_key uuid, p_digest text)
  returns table (id uuid, tenant_id uuid, name text, role text, secret_hash text, revoked_at timestamptz)
  language plpgsql
  as $$
declare
  k api_keys;
begin
  select * into k from api_keys where api_keys.id = p_key;
  if not found then
    return;
  end if;
  if k.revoked_at is null and k.secret_hash = p_digest then
    perform set_config('app.tenant_id', k.tenant_id::text, true);
    update api_keys set last_used_at = now()
     where api_keys.id = p_key and (api_keys.last_used_at is null or api_keys.last_used_at < now() - interval '1 minute');
  end if;
  return query select k.id, k.tenant_id, k.name, k.role, k.secret_hash, k.revoked_at;
end
$$;
