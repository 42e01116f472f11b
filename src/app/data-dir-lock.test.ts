import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLocked, lockDataDir, readLockHolder, type LockHolder } from './data-dir-lock.js';

const dirs: string[] = [];
function freshDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-lock-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Another process that takes the folder's lock and keeps it until killed. */
async function holdInChild(dataDir: string) {
  const code = `const { lockDataDir } = await import(${JSON.stringify(path.resolve('src/app/data-dir-lock.ts'))});
    await lockDataDir(${JSON.stringify(dataDir)}); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk) => String(chunk).includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}): ${stderr}`)));
  });
  return child;
}

function writeLock(dataDir: string, holder: Partial<LockHolder>, ageMs = 0): void {
  const file = path.join(dataDir, 'reos.lock');
  const record = { ...readLockHolderTemplate(), ...holder };
  fs.writeFileSync(file, JSON.stringify(record));
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(file, at, at);
}

function readLockHolderTemplate(): LockHolder {
  return { pid: 1, hostname: os.hostname(), bootId: null, pidNamespace: null, startTicks: null, token: 'someone-else', since: '' };
}

describe('the data folder lock', () => {
  it('is refused while a live process holds it, and taken over at once when that process was killed', { timeout: 60_000 }, async () => {
    const dataDir = freshDir();
    const child = await holdInChild(dataDir);
    try {
      const refused = await lockDataDir(dataDir).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DataDirLocked);
      expect((refused as Error).message).toContain(`pid ${child.pid}`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(readLockHolder(dataDir)?.pid).toBe(child.pid);
    const release = await lockDataDir(dataDir);
    expect(readLockHolder(dataDir)?.pid).toBe(process.pid);
    await release();
    expect(readLockHolder(dataDir)).toBeUndefined();
  });

  it('is refused to a second taker in the same process, and free again once released', async () => {
    const dataDir = freshDir();
    const release = await lockDataDir(dataDir);
    await expect(lockDataDir(dataDir)).rejects.toBeInstanceOf(DataDirLocked);
    await release();
    const again = await lockDataDir(dataDir);
    await again();
  });

  it.runIf(fs.existsSync('/proc/self/stat'))('is taken over when its pid now belongs to another process', async () => {
    const dataDir = freshDir();
    const release = await lockDataDir(dataDir);
    const mine = readLockHolder(dataDir)!;
    await release();
    // The recorded holder had our pid's number but started at another time: it is gone, its pid reused.
    writeLock(dataDir, { ...mine, pid: process.ppid, token: 'recycled', startTicks: '1' });
    const taken = await lockDataDir(dataDir);
    expect(readLockHolder(dataDir)?.pid).toBe(process.pid);
    await taken();
  });

  it('trusts a holder it cannot check (another host) while its lock is fresh, not once it went unrefreshed for 30 s', async () => {
    const dataDir = freshDir();
    writeLock(dataDir, { hostname: 'elsewhere', bootId: 'another-boot', pid: 4242 }, 1_000);
    await expect(lockDataDir(dataDir)).rejects.toThrow(/pid 4242 on elsewhere/);
    writeLock(dataDir, { hostname: 'elsewhere', bootId: 'another-boot', pid: 4242 }, 31_000);
    const release = await lockDataDir(dataDir);
    await release();
  });

  it('takes over the lock directory an earlier version left, once stale', async () => {
    const dataDir = freshDir();
    const legacy = path.join(dataDir, 'reos.lock');
    fs.mkdirSync(legacy);
    await expect(lockDataDir(dataDir)).rejects.toBeInstanceOf(DataDirLocked);
    const old = new Date(Date.now() - 20_000);
    fs.utimesSync(legacy, old, old);
    const release = await lockDataDir(dataDir);
    expect(readLockHolder(dataDir)?.pid).toBe(process.pid);
    await release();
  });

  it('tells its holder when another process replaced it, and then leaves the other lock alone', async () => {
    const dataDir = freshDir();
    let lost: Error | undefined;
    const release = await lockDataDir(dataDir, { refreshMs: 20, onCompromised: (error) => (lost = error) });
    writeLock(dataDir, { token: 'intruder', pid: 4343, hostname: 'elsewhere' });
    const deadline = Date.now() + 10_000;
    while (!lost && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lost?.message).toMatch(/removed or taken by another process/);
    await release();
    expect(readLockHolder(dataDir)?.token).toBe('intruder');
  });
});
