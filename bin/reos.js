#!/usr/bin/env node
// The `reos` command. Runs the compiled CLI; `npm install` builds it (prepare script).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/server/app/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('reos: not built yet. Run `npm run build` in the Real Estate OS folder.\n');
  process.exit(1);
}
await import(entry.href);
