#!/usr/bin/env node
// The `reos` command. Runs the compiled CLI; `npm install` builds it (prepare script).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/app/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('reos: not built yet. Run `npm run build` in the Real Estate OS folder.\n');
  process.exit(1);
}

// An import holds a few batches at a time, but V8 lets its garbage pile up to a quarter
// of the machine's memory before it collects in earnest: `reos import` runs again with a
// bounded heap, so its resident memory stays flat at any file size. A heap size given
// by the caller (in the arguments or NODE_OPTIONS) is kept.
const IMPORT_HEAP_MB = 160;
const heapGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
if (process.argv[2] === 'import' && !heapGiven) {
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${IMPORT_HEAP_MB}`, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  if (process.channel) {
    // Started by the lines above: dies with its parent, even one killed with SIGKILL.
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  await import(entry.href);
}
