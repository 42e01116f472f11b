import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import type { ImportProgress } from '../modules/imports/run-import.js';
import { normalizeLines } from '../modules/properties/address/normalize-stream.js';
import { runBacktest } from '../modules/valuation/backtest.js';
import { ConfigError, loadConfig } from '../platform/config/config.js';
import { AppError } from '../platform/http/errors.js';
import { commands, type CommandName } from './commands.js';
import { demoBanner } from './demo.js';
import { DataDirLocked, lockDataDir } from './data-dir-lock.js';
import { runInServer } from './local-server.js';
import { createLogger, openRuntime } from './runtime.js';
import { serve } from './serve.js';

/**
 * Runs an operator command: against DATABASE_URL directly; in embedded mode by
 * opening the data folder, or through the running server when it holds the folder.
 */
async function execute<N extends CommandName>(
  name: N,
  args: Parameters<(typeof commands)[N]>[1],
  onProgress?: Parameters<(typeof commands)[N]>[2],
): Promise<Awaited<ReturnType<(typeof commands)[N]>>> {
  const config = loadConfig();
  const run = async () => {
    const runtime = await openRuntime(config, {
      logger: createLogger({ logLevel: config.logLevel === 'info' ? 'warn' : config.logLevel }, 'stderr'),
    });
    try {
      return await (commands[name] as (r: typeof runtime, a: typeof args, p?: typeof onProgress) => Promise<unknown>)(
        runtime,
        args,
        onProgress,
      );
    } finally {
      await runtime.db.close();
    }
  };
  if (config.databaseUrl) return (await run()) as never;
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lockDataDir(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLocked) return (await runInServer(config.dataDir, name, args)) as never;
    throw error;
  }
  try {
    return (await run()) as never;
  } finally {
    await release();
  }
}

/** Rows/s, percent and ETA on stderr, so stdout keeps only the result. */
function progressBar() {
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'importing {bar} {percentage}% | {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      etaBuffer: 20,
    },
    Presets.shades_classic,
  );
  let started = false;
  let first: { at: number; rows: number } | undefined;
  return {
    update(progress: ImportProgress) {
      first ??= { at: Date.now(), rows: progress.rowsDone };
      const seconds = (Date.now() - first.at) / 1000;
      const speed = seconds > 0 ? Math.round((progress.rowsDone - first.rows) / seconds) : 0;
      if (!started) {
        bar.start(progress.rowsTotal, progress.rowsDone, { speed });
        started = true;
      }
      bar.setTotal(Math.max(progress.rowsTotal, progress.rowsDone));
      bar.update(progress.rowsDone, { speed });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

function print(json: boolean, value: unknown, human: string): void {
  process.stdout.write((json ? JSON.stringify(value) : human) + '\n');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port ${value}`);
  return port;
}

const portOption = () => new Option('-p, --port <port>', 'port to listen on (default: PORT or 3000)').argParser(parsePort);

export function buildCli(): Command {
  const program = new Command('reos')
    .description(
      'Real Estate OS: turn property and owner data into closed deals.\nConfiguration comes from environment variables; see the README.',
    )
    .showHelpAfterError();

  const serveCommand = (name: string, description: string, parts: { api: boolean; worker: boolean }) =>
    program
      .command(name)
      .description(description)
      .addOption(portOption())
      .option('--host <host>', 'interface to listen on (default: HOST or 0.0.0.0)')
      .action(async (opts: { port?: number; host?: string }) => {
        const config = loadConfig();
        await serve(config, { ...parts, port: opts.port ?? config.port, host: opts.host ?? config.host });
      });

  serveCommand('start', 'run the API, the worker and the web UI in one process (creates the demo tenant on first start)', {
    api: true,
    worker: true,
  });
  serveCommand('api', 'run only the HTTP API and web UI (stateless; run several behind a load balancer)', { api: true, worker: false });
  program
    .command('worker')
    .description('run only the job worker and outbox dispatcher (run several against one PostgreSQL)')
    .addOption(new Option('-p, --port <port>', 'serve /healthz, /readyz and /metrics on this port (default: none)').argParser(parsePort))
    .option('--host <host>', 'interface for the health and metrics port (default: HOST or 0.0.0.0)')
    .action(async (opts: { port?: number; host?: string }) => {
      const config = loadConfig();
      await serve(config, { api: false, worker: true, port: opts.port, host: opts.host ?? config.host });
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await execute('migrate', undefined as never);
      print(!!opts.json, result, result.applied.length ? `Applied ${result.applied.join(', ')}` : 'Database schema is current');
    });

  const tenant = program.command('tenant').description('manage tenants');
  tenant
    .command('create')
    .description('create a tenant and its first owner')
    .requiredOption('--name <name>', 'tenant (team) name')
    .requiredOption('--admin-email <email>', "owner's email")
    .requiredOption('--admin-password <password>', "owner's password (at least 10 characters; an existing user gives their current one)")
    .option('--admin-name <name>', "owner's display name")
    .option('--slug <slug>', 'URL name (default: from the name)')
    .option('--json', 'print one JSON object {tenant, user}')
    .action(
      async (opts: { name: string; adminEmail: string; adminPassword: string; adminName?: string; slug?: string; json?: boolean }) => {
        const result = await execute('tenant.create', {
          name: opts.name,
          slug: opts.slug,
          adminEmail: opts.adminEmail,
          adminPassword: opts.adminPassword,
          adminName: opts.adminName,
        });
        print(!!opts.json, result, `Created tenant ${result.tenant.name} (${result.tenant.slug}) with owner ${result.user.email}`);
      },
    );

  const user = program.command('user').description('manage users');
  user
    .command('create')
    .description('add a user to a tenant (creating the account if the email is new)')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .requiredOption('--email <email>', 'email address')
    .option('--password <password>', 'password for a new account (at least 10 characters)')
    .option('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'role in the tenant').choices(['owner', 'admin', 'member', 'viewer']).default('member'))
    .option('--json', 'print one JSON object {tenant, user, created}')
    .action(async (opts: { tenant: string; email: string; password?: string; name?: string; role: string; json?: boolean }) => {
      const result = await execute('user.create', opts);
      print(
        !!opts.json,
        result,
        `${result.created ? 'Created' : 'Added'} ${result.user.email} as ${result.user.role} of ${result.tenant.slug}`,
      );
    });

  program
    .command('import')
    .description('import a list file (CSV or XLSX) into a tenant: normalize, deduplicate, merge, stack')
    .argument('<file>', 'the list file')
    .requiredOption('--tenant <slug>', 'tenant slug or id')
    .requiredOption('--list <name>', 'list name (created when new)')
    .option('--tag <tag...>', 'distress tags the list gives its properties (tax_delinquent, probate, …)')
    .option('--mapping <file>', 'column mapping JSON {"headerRow": 1, "columns": {"<header>": "<field>"}}; default: the proposed mapping')
    .option('--sheet <name>', 'XLSX sheet (default: the first)')
    .option('--json', 'print one JSON object {importId, rows, inserted, merged, unchanged, rejected, warnings, review, seconds}')
    .action(
      async (file: string, opts: { tenant: string; list: string; tag?: string[]; mapping?: string; sheet?: string; json?: boolean }) => {
        const bar = progressBar();
        try {
          const result = await execute(
            'import.run',
            {
              file: path.resolve(file),
              tenant: opts.tenant,
              list: opts.list,
              tags: opts.tag,
              mappingFile: opts.mapping && path.resolve(opts.mapping),
              sheet: opts.sheet,
            },
            (progress) => bar.update(progress),
          );
          bar.stop();
          print(
            !!opts.json,
            result,
            [
              `Imported ${result.rows} rows into "${opts.list}" in ${result.seconds} s:`,
              `  ${result.inserted} new, ${result.merged} merged, ${result.unchanged} unchanged, ${result.rejected} rejected, ${result.review} to review`,
              `  ${result.warnings} imported with values left out (reasons in GET /api/v1/imports/${result.importId}/warnings.csv)`,
            ].join('\n'),
          );
        } finally {
          bar.stop();
        }
      },
    );

  program
    .command('address')
    .description('address tools')
    .command('normalize')
    .description('read one address per line on stdin, write one JSON object per line (USPS Publication 28 parts and the matching key)')
    .action(async () => {
      const count = await normalizeLines(process.stdin, process.stdout);
      if (process.stderr.isTTY) process.stderr.write(`${count} addresses\n`);
    });

  program
    .command('valuation')
    .description('valuation tools')
    .command('backtest')
    .description('learn from the sales before a cut-off date, value every later sale as if unsold, and report the errors')
    .argument(
      '<sales.csv>',
      'sales: id, date, price, sqft; optional lat, lon, zip, beds, baths, year_built, lot_sqft and further feature columns',
    )
    .option('--cutoff <date>', 'YYYY-MM-DD; default: the date splitting the sales 70/30')
    .addOption(
      new Option(
        '--known-sales <which>',
        'what valuing a later sale may use besides the model: sales before the cut-off only, or also those closed since, before the sale valued',
      )
        .choices(['cutoff', 'rolling'])
        .default('cutoff'),
    )
    .option('--json', 'print one JSON object {n, mdape, within5, within10, within20, coverage, seconds, …}')
    .action(async (file: string, opts: { cutoff?: string; knownSales: 'cutoff' | 'rolling'; json?: boolean }) => {
      const bar = new SingleBar(
        {
          stream: process.stderr,
          format: 'valuing {bar} {percentage}% | {value}/{total} sales',
          hideCursor: true,
          noTTYOutput: true,
          notTTYSchedule: 5000,
        },
        Presets.shades_classic,
      );
      let started = false;
      try {
        const result = await runBacktest(path.resolve(file), {
          cutoff: opts.cutoff,
          knownSales: opts.knownSales,
          onProgress: (done, total) => {
            if (!started) bar.start(total, done);
            started = true;
            bar.update(done);
          },
        });
        bar.stop();
        const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
        print(
          !!opts.json,
          result,
          [
            `Learnt from ${result.trainingSales} sales before ${result.cutoff}; valued ${result.n} of ${result.laterSales} later sales in ${result.seconds} s.`,
            `  median absolute error ${percent(result.mdape)}; within 5 % ${percent(result.within5)}, 10 % ${percent(result.within10)}, 20 % ${percent(result.within20)}`,
          ].join('\n'),
        );
      } finally {
        bar.stop();
      }
    });

  program
    .command('demo')
    .description(
      'create the demo tenant with its admin (printed once) and fill it with a synthetic county: 20,000 parcels, five distress lists, three years of sales',
    )
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await execute('demo', undefined, (progress) => {
        const what = progress.list ? `${progress.stage} ${progress.list}` : progress.stage;
        process.stderr.write(`\rfilling the demo county: ${what} ${Math.round(progress.percent)}%`.padEnd(79));
      });
      process.stderr.write('\n');
      print(!!opts.json, result, demoBanner(result, loadConfig().publicUrl ?? `http://localhost:${loadConfig().port}`));
    });

  return program;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof AppError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`reos: ${message}\n`);
    process.exitCode = 1;
  }
}
