-- A paid provider call is recorded as 'pending', with its cost, before it is sent,
-- in the same transaction that checks the budgets under a per-tenant lock. Calls
-- running at once in several jobs or processes therefore never spend past a budget
-- together, and a call lost to a crash stays counted rather than forgotten.
alter table provider_calls drop constraint provider_calls_outcome_check;
alter table provider_calls add constraint provider_calls_outcome_check
  check (outcome in ('pending', 'ok', 'not_found', 'cached', 'error', 'timeout', 'over_budget', 'circuit_open'));
