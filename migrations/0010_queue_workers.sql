-- Job queue workers and their heartbeats. Each worker process beats every few
-- seconds and lists the jobs it is running; when one stops beating (killed, out
-- of memory, its machine gone) another retries those jobs at once instead of
-- leaving them active until they expire. Platform tables: no tenant data.
create table queue_workers (
  id uuid primary key,
  hostname text not null,
  pid integer not null,
  started_at timestamptz not null default now(),
  beat_at timestamptz not null default now(),
  -- The queue's jobs (pgboss.job ids) this worker was running at its last beat.
  job_ids uuid[] not null default '{}'
);

-- How often each job was found cut off by a dead worker. The first few such
-- retries are not counted as attempts; a job that keeps killing its worker is not
-- retried for free forever. Purged by the platform housekeeping after 30 days.
create table queue_job_recoveries (
  job_id uuid primary key,
  queue text not null,
  recoveries integer not null check (recoveries > 0),
  recovered_at timestamptz not null default now()
);

-- The worker role beats, and housekeeping purges; recovery itself changes the queue's
-- own tables and runs as the owner, like the queue.
grant select, insert, update, delete on queue_workers to reos_worker;
grant select, delete on queue_job_recoveries to reos_worker;
