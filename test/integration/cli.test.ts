import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/net/free-port.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/app/main.ts'];

function reos(args: string[], env: Record<string, string>) {
  return run('node', [...CLI, ...args], { env: { ...process.env, REOS_LOG_LEVEL: 'warn', ...env }, cwd: process.cwd() });
}

/**
 * A `reos start` on its own data folder, ready to serve. Each command through it
 * starts a node process of its own, so these tests get time for a busy machine.
 */
async function startServer(dataDir: string, env: Record<string, string>, servers: ChildProcess[]) {
  const port = await freePort();
  const server = spawn(process.execPath, [...CLI, 'start', '--port', String(port), '--host', '127.0.0.1'], {
    env: { ...process.env, REOS_LOG_LEVEL: 'warn', REOS_DATA_DIR: dataDir, ...env },
    cwd: process.cwd(),
  });
  servers.push(server);
  const started = { server, port, output: '' };
  server.stdout!.on('data', (chunk) => (started.output += chunk));
  server.stderr!.on('data', (chunk) => (started.output += chunk));
  const deadline = Date.now() + 90_000;
  while (
    !(await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false))
  ) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`server did not start: ${started.output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return started;
}

/** The first truthy value `probe` returns within 30 s, polling; a probe that throws counts as not yet. */
async function waitFor<T>(probe: () => T): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const value = probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The CLI contract on the embedded database: directly, and through a running server that holds the folder. */
describe.runIf(process.env.REOS_TEST_DB !== 'postgres')('reos CLI', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-cli-'));
  const env = { REOS_DATA_DIR: dataDir };
  const servers: ChildProcess[] = [];

  afterAll(async () => {
    for (const server of servers) {
      if (server.exitCode !== null || server.signalCode !== null) continue;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('prints help for every command', async () => {
    const { stdout } = await reos(['--help'], env);
    for (const command of ['start', 'api', 'worker', 'migrate', 'tenant', 'user', 'demo']) expect(stdout).toContain(command);
    expect((await reos(['tenant', 'create', '--help'], env)).stdout).toContain('--admin-email');
  });

  it('tenant create --json prints the contract object when no server runs', async () => {
    const { stdout } = await reos(
      [
        'tenant',
        'create',
        '--name',
        'Sunrise Buyers',
        '--admin-email',
        'Lead@Sunrise.test',
        '--admin-password',
        'sunrise-password-1',
        '--json',
      ],
      env,
    );
    const result = JSON.parse(stdout);
    expect(result.tenant).toMatchObject({ slug: 'sunrise-buyers', name: 'Sunrise Buyers' });
    expect(result.tenant.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.user).toMatchObject({ email: 'lead@sunrise.test' });
    expect(result.user.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('import --json prints the contract object; a second run changes nothing', async () => {
    const file = path.join(dataDir, 'probate.csv');
    fs.writeFileSync(
      file,
      'Property Address,City,State,Zip,Owner Name,Phone\n12 Oak St,Springfield,IL,62701,SMITH JOHN,\n12 OAK STREET,SPRINGFIELD,IL,62701,SMITH JOHN,(000) 000-0000\n,,,,,\n',
    );
    const args = ['import', file, '--tenant', 'sunrise-buyers', '--list', 'Probate', '--tag', 'probate', '--json'];
    const first = JSON.parse((await reos(args, env)).stdout);
    expect(Object.keys(first).sort()).toEqual([
      'importId',
      'inserted',
      'merged',
      'rejected',
      'review',
      'rows',
      'seconds',
      'unchanged',
      'warnings',
    ]);
    expect(first).toMatchObject({ rows: 3, inserted: 1, merged: 1, rejected: 1, warnings: 1 });
    const second = JSON.parse((await reos(args, env)).stdout);
    expect(second).toMatchObject({ rows: 3, inserted: 0, merged: 0, unchanged: 2, rejected: 1, warnings: 1 });
  });

  it('bin/reos.js runs an import under a bounded heap, in a process that dies with it', { timeout: 120_000 }, async () => {
    const file = path.join(dataDir, 'big.csv');
    const rows = Array.from({ length: 6000 }, (_, i) => `${i + 1} Birch Ave,Springfield,IL,62701,OWNER NUMBER${i},`);
    fs.writeFileSync(file, `Property Address,City,State,Zip,Owner Name,Phone\n${rows.join('\n')}\n`);
    const args = ['bin/reos.js', 'import', file, '--tenant', 'sunrise-buyers', '--list', 'Birch', '--json'];
    const launcher = spawn(process.execPath, args, { env: { ...process.env, REOS_LOG_LEVEL: 'warn', ...env }, stdio: 'ignore' });
    const importer = await waitFor(() => fs.readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim());
    // Until it has exec'd, a new child still shows its parent's command line.
    const launcherLine = fs.readFileSync(`/proc/${launcher.pid}/cmdline`, 'utf8');
    const importerLine = await waitFor(() => {
      const line = fs.readFileSync(`/proc/${importer}/cmdline`, 'utf8');
      return line !== launcherLine ? line : '';
    });
    expect(importerLine).toContain('--max-old-space-size=160');
    launcher.kill('SIGKILL');
    await waitFor(() => !fs.existsSync(`/proc/${importer}`));
    // The importer has let go of the data folder: the next run resumes and finishes.
    const again = JSON.parse((await run('node', args, { env: { ...process.env, REOS_LOG_LEVEL: 'warn', ...env } })).stdout);
    expect(again).toMatchObject({ rows: 6000, rejected: 0 });
  });

  it('address normalize writes one JSON object per input line', async () => {
    const child = execFile('node', [...CLI, 'address', 'normalize'], { env: { ...process.env, ...env }, cwd: process.cwd() });
    child.stdin!.end('123 North Main Street Apt 4, Springfield, IL 62701\r\nPO Box 12 Chicago IL 60601');
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    await new Promise((resolve) => child.on('exit', resolve));
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      number: '123',
      predirectional: 'N',
      street: 'MAIN',
      suffix: 'ST',
      unitType: 'APT',
      unitNumber: '4',
      city: 'SPRINGFIELD',
      state: 'IL',
      zip: '62701',
    });
    expect(Object.keys(lines[0])).toEqual([
      'input',
      'number',
      'predirectional',
      'street',
      'suffix',
      'postdirectional',
      'unitType',
      'unitNumber',
      'poBox',
      'city',
      'state',
      'zip',
      'zip4',
      'line1',
      'key',
    ]);
    expect(lines[1]).toMatchObject({ poBox: '12', number: null, zip: '60601' });
  });

  it('reports bad input as a one-line error with a non-zero exit', async () => {
    const failure: { code: number; stderr: string } = await reos(
      ['tenant', 'create', '--name', 'X', '--admin-email', 'not-an-email', '--admin-password', 'long-enough-pw'],
      env,
    ).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toMatch(/^reos: Not a valid email address/);
    expect(failure.stderr).not.toMatch(/\n\s+at /);
  });

  // The server has no demo tenant to fill: a 20,000-parcel fill in the background would slow every command sent to it.
  it('goes through the running server when it holds the data folder', { timeout: 180_000 }, async () => {
    const { port } = await startServer(dataDir, { REOS_DEMO: 'false' }, servers);
    const { stdout } = await reos(
      ['tenant', 'create', '--name', 'Second Team', '--admin-email', 'two@team.test', '--admin-password', 'second-password', '--json'],
      env,
    );
    const created = JSON.parse(stdout);
    expect(created.tenant.slug).toBe('second-team');
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'two@team.test', password: 'second-password' }),
    });
    expect(((await login.json()) as { tenant: { slug: string } }).tenant.slug).toBe('second-team');
    const added = JSON.parse(
      (
        await reos(
          [
            'user',
            'create',
            '--tenant',
            'second-team',
            '--email',
            'agent@team.test',
            '--password',
            'agent-password',
            '--role',
            'viewer',
            '--json',
          ],
          env,
        )
      ).stdout,
    );
    expect(added.user).toMatchObject({ email: 'agent@team.test', role: 'viewer' });
  });

  it(
    'creates the demo tenant at first start and prints its admin once; `reos demo` then creates nothing',
    { timeout: 180_000 },
    async () => {
      const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reos-cli-demo-'));
      try {
        const started = await startServer(demoDir, { REOS_DEMO: 'true' }, servers);
        // The banner follows the creation of the demo tenant, which may finish after the server answers.
        const deadline = Date.now() + 60_000;
        while (!/email:\s+admin@demo\.reos\.local/.test(started.output) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
        expect(started.output).toMatch(/email:\s+admin@demo\.reos\.local/);
        const demo = JSON.parse((await reos(['demo', '--json'], { REOS_DATA_DIR: demoDir })).stdout);
        expect(demo).toMatchObject({ created: false, tenant: { slug: 'demo' } });
        expect(demo.admin).toBeUndefined();
        // Stopped now rather than after the county has filled.
        const exited = new Promise((resolve) => started.server.once('exit', resolve));
        started.server.kill('SIGTERM');
        await exited;
      } finally {
        fs.rmSync(demoDir, { recursive: true, force: true });
      }
    },
  );
});
