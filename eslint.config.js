// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import architecture from './lint/import-boundaries.js';

/**
 * What one module may import from another. Modules call each other's use cases, never
 * each other's tables, so a module's repo.ts and *-repo.ts (its SQL), routes.ts, jobs.ts
 * and helpers are private. Every module's service.ts (its use cases) and schema.ts (its
 * contract types) are public; a module makes another file public only when others build
 * on it, and that file is listed here with the reason.
 */
const modulePublicFiles = [
  'src/modules/*/service.ts',
  'src/modules/*/schema.ts',
  // Every mutation records its audit entry inside its own transaction.
  'src/modules/audit/record-audit.ts',
  // The names of the events other modules react to.
  'src/modules/enrichment/enrichment-events.ts',
  // Lead capture turns a lead into a row and writes it the way an import does; the demo
  // county fills through a real import; the valuation backtest reads sales files as imports do.
  'src/modules/imports/normalize-row.ts',
  'src/modules/imports/apply-batch.ts',
  'src/modules/imports/run-import.ts',
  'src/modules/imports/read-table.ts',
  // Buyer files are read and their headers matched as list files are.
  'src/modules/imports/layouts.ts',
  // Buy boxes name the criteria and property types matching compares.
  'src/modules/buyer-matching/criteria.ts',
  'src/modules/buyer-matching/property-types.ts',
  // Address and contact normalization, which every imported row goes through.
  'src/modules/properties/address/normalize-address.ts',
  'src/modules/properties/contacts/*.ts',
  // The maintained property search, which the command palette's search reuses.
  'src/modules/properties/search.ts',
  // The outcome vocabulary and its recorder: imports and the demo county record outcomes.
  'src/modules/scoring/outcomes.ts',
  // Runs a periodic job's work once per tenant.
  'src/modules/tenants/each-tenant.ts',
];

/**
 * The web UI is a separate bundle: from src/ it imports the API contract types only
 * (`import type`, erased at build), plus code written to run on both sides.
 */
const webTypeContracts = ['src/modules/*/schema.ts', 'src/platform/http/errors.ts', 'src/platform/auth/principal.ts'];
const webSharedCode = [
  // The offer calculator recomputes as the user types, with the same arithmetic as the API.
  'src/modules/valuation/offer-math.ts',
];

export default defineConfig(
  { ignores: ['dist/', 'data/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: globals.node },
    rules: {
      // `{ secret: _secret, ...rest }` is how the code leaves a field out of an object.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A `let` that a callback declared earlier reads (the log, once the runtime is open)
      // must stay a `let`: as a const the callback could find it uninitialized.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Type-aware rules where they are cheap: the server's own code, one program
    // (tsconfig.build.json), about 15 s. They catch the promise nobody awaits, the async
    // callback handed to an API that ignores its result, an object printed as
    // "[object Object]". Tests and the web UI are linted without types.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { project: './tsconfig.build.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify plugins and pg-boss handlers are async by contract even when nothing inside awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
    languageOptions: { globals: globals.browser },
    rules: {
      // It only says the React Compiler would skip a component; the UI is not built with it.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    plugins: { architecture },
    rules: { 'architecture/import-boundaries': ['error', { modulePublicFiles, webTypeContracts, webSharedCode }] },
  },
  prettier,
);
