import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Embedded PGlite admits one process per data folder, so the process that opens
 * it holds `<dataDir>/reos.lock`. The file names its holder (pid, host, and on
 * Linux the boot, pid namespace and start time of the process), so a lock left
 * by a process that died (kill -9, OOM, power cut) is taken over at once instead
 * of after a timeout, and a live holder keeps the folder however busy it is.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** Linux: /proc/sys/kernel/random/boot_id; a lock from before a reboot is dead whatever its pid. */
  bootId: string | null;
  /** Linux: the pid namespace, so a pid in another container is never mistaken for one here. */
  pidNamespace: string | null;
  /** Linux: the process start time in clock ticks since boot; tells a recycled pid from the holder. */
  startTicks: string | null;
  /** Unique per acquisition: a holder recognises its own lock by it. */
  token: string;
  since: string;
}

export class DataDirLocked extends Error {
  constructor(
    dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(`The data folder ${dataDir} is in use by another process` + (holder ? ` (pid ${holder.pid} on ${holder.hostname})` : ''));
  }
}

export interface LockOptions {
  /** Called when the lock file was removed or replaced behind this process's back; the default throws. */
  onCompromised?: (error: Error) => void;
  /** How often the holder checks its lock and refreshes its time (default 5 s). */
  refreshMs?: number;
}

/**
 * A holder whose liveness cannot be checked from here (another host or pid namespace
 * sharing the folder, such as the previous run of a restarted container) is presumed
 * dead when its lock file went unrefreshed this long.
 */
const FOREIGN_STALE_MS = 30_000;
/** A lock directory of earlier versions (proper-lockfile), refreshed every 5 s and stale after 15 s. */
const LEGACY_STALE_MS = 15_000;

const lockPath = (dataDir: string) => path.join(dataDir, 'reos.lock');

/** Tokens of the locks this process holds: a second acquisition in the same process is refused, not taken over. */
const heldHere = new Set<string>();

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

function startTicksOf(pid: number | 'self'): string | null {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return null;
  // Fields after the command name, which is in parentheses and may hold spaces; starttime is field 22.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function pidNamespace(): string | null {
  try {
    return fs.readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

function thisProcess(token: string): LockHolder {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: readOrNull('/proc/sys/kernel/random/boot_id'),
    pidNamespace: pidNamespace(),
    startTicks: startTicksOf('self'),
    token,
    since: new Date().toISOString(),
  };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the holder still runs: 'unknown' when it is outside this machine's view (another host or container). */
function holderState(holder: LockHolder): 'alive' | 'dead' | 'unknown' {
  const here = thisProcess('');
  const sameProcessSpace =
    here.bootId && holder.bootId
      ? holder.bootId === here.bootId && holder.pidNamespace === here.pidNamespace
      : holder.hostname === here.hostname;
  if (!sameProcessSpace) return 'unknown';
  if (holder.pid === process.pid) return heldHere.has(holder.token) ? 'alive' : 'dead';
  if (!pidExists(holder.pid)) return 'dead';
  if (holder.startTicks && here.startTicks && startTicksOf(holder.pid) !== holder.startTicks) return 'dead';
  return 'alive';
}

type Found =
  { kind: 'none' } | { kind: 'holder'; holder: LockHolder; ageMs: number } | { kind: 'unreadable'; ageMs: number; directory: boolean };

function inspect(file: string): Found {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { kind: 'none' };
  }
  const ageMs = Date.now() - stat.mtimeMs;
  if (stat.isDirectory()) return { kind: 'unreadable', ageMs, directory: true };
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
    if (typeof holder.pid === 'number' && typeof holder.token === 'string') return { kind: 'holder', holder, ageMs };
  } catch {
    // fall through: not a lock this version wrote
  }
  return { kind: 'unreadable', ageMs, directory: false };
}

/**
 * Removes a dead holder's lock, unless another process replaced it meanwhile: the
 * file is moved aside atomically and checked; a live lock moved by mistake is put back.
 */
function removeDeadLock(file: string, dead: Found): void {
  const aside = `${file}.dead-${process.pid}-${randomUUID()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // already gone: someone else removed it
  }
  const moved = inspect(aside);
  const same = dead.kind === 'holder' ? moved.kind === 'holder' && moved.holder.token === dead.holder.token : moved.kind === 'unreadable';
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third process locked the folder in between; the holder whose file this was notices at its next check.
    }
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/** The process that holds the data folder now, if any. */
export function readLockHolder(dataDir: string): LockHolder | undefined {
  const found = inspect(lockPath(dataDir));
  return found.kind === 'holder' ? found.holder : undefined;
}

/**
 * Takes the data folder for this process and returns the function that releases it.
 * Throws DataDirLocked while a live process holds it; a dead holder's lock is taken over.
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const me = thisProcess(randomUUID());
  for (let attempt = 0; ; attempt++) {
    // Written aside, then linked into place: the lock appears whole or not at all.
    const draft = `${file}.new-${me.token}`;
    fs.writeFileSync(draft, JSON.stringify(me), { mode: 0o644 });
    try {
      fs.linkSync(draft, file);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(draft, { force: true });
    }
    const found = inspect(file);
    if (found.kind === 'none') continue;
    let dead: boolean;
    if (found.kind === 'holder') {
      const state = holderState(found.holder);
      dead = state === 'dead' || (state === 'unknown' && found.ageMs > FOREIGN_STALE_MS);
    } else {
      dead = found.ageMs > (found.directory ? LEGACY_STALE_MS : FOREIGN_STALE_MS);
    }
    if (!dead || attempt >= 5) throw new DataDirLocked(dataDir, found.kind === 'holder' ? found.holder : undefined);
    removeDeadLock(file, found);
  }
  heldHere.add(me.token);

  const onCompromised =
    options.onCompromised ??
    ((error: Error) => {
      throw error;
    });
  const check = setInterval(() => {
    const found = inspect(file);
    if (found.kind !== 'holder' || found.holder.token !== me.token) {
      clearInterval(check);
      heldHere.delete(me.token);
      onCompromised(new Error(`The lock of the data folder ${dataDir} was removed or taken by another process`));
      return;
    }
    // The time tells processes that cannot check the pid (another host) that the holder lives.
    const now = new Date();
    fs.utimesSync(file, now, now);
  }, options.refreshMs ?? 5_000);
  check.unref();

  return async () => {
    clearInterval(check);
    if (!heldHere.delete(me.token)) return;
    const found = inspect(file);
    if (found.kind === 'holder' && found.holder.token === me.token) fs.rmSync(file, { force: true });
  };
}
