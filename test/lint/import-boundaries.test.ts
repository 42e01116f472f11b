import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

/**
 * The architecture's import rules, run through the project's own eslint.config.js on
 * snippets placed where they would live. Type information is switched off: the
 * boundaries do not need it, and the snippet files do not exist.
 */
const eslint = new ESLint({
  cwd: path.resolve(import.meta.dirname, '../..'),
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function boundaryErrors(filePath: string, code: string): Promise<(string | undefined)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'architecture/import-boundaries').map((m) => m.messageId);
}

describe('imports against the architecture are errors', () => {
  test.each([
    ['src/platform/queue/probe.ts', `import { listParcelIds } from '../../modules/scoring/repo.js';`, 'platformImportsFeature'],
    ['src/platform/http/probe.ts', `import type { App } from '../../modules/scoring/service.js';`, 'platformImportsFeature'],
    ['src/platform/probe.ts', `export const load = () => import('./../modules/imports/service.js');`, 'platformImportsFeature'],
    ['src/platform/events/probe.ts', `import { buildHttpApp } from '../../app/http-app.js';`, 'platformImportsFeature'],
    ['src/modules/leads/probe.ts', `import { buildHttpApp } from '../../app/http-app.js';`, 'moduleImportsApp'],
    ['src/modules/properties/probe.ts', `import { readParcelScore } from '../scoring/repo.js';`, 'modulePrivate'],
    ['src/modules/properties/address/probe.ts', `import type { StoredScore } from '../../scoring/repo.js';`, 'modulePrivate'],
    ['src/modules/leads/probe.ts', `import { importRoutes } from '../imports/routes.js';`, 'modulePrivate'],
    ['src/modules/valuation/probe.ts', `import { listLookAlikes } from '../imports/review-look-alikes.js';`, 'modulePrivate'],
    ['src/modules/valuation/probe.ts', `export { scoringJobs } from '../scoring/jobs.js';`, 'modulePrivate'],
    ['web/src/features/scoring/components/probe.tsx', `import { useProperties } from '../../properties/api';`, 'featureImportsFeature'],
    ['web/src/features/scoring/probe.ts', `import { router } from '../../app/router';`, 'featureImportsApp'],
    ['web/src/lib/probe.ts', `import { useLogin } from '../features/auth/api';`, 'sharedImportsUp'],
    ['web/src/components/probe.tsx', `import { AppShell } from '../app/layout/app-shell';`, 'sharedImportsUp'],
    ['web/src/features/leads/probe.ts', `import { Lead } from '../../../../src/modules/leads/schema';`, 'webImportsServer'],
    ['web/src/features/leads/probe.ts', `import type { LeadDeps } from '../../../../src/modules/leads/service';`, 'webImportsServer'],
    ['web/src/lib/probe.ts', `import { AppError } from '../../../src/platform/http/errors';`, 'webImportsServer'],
  ])('%s: %s', async (filePath, code, messageId) => {
    expect(await boundaryErrors(filePath, code)).toEqual([messageId]);
  });
});

describe('imports in the direction of the architecture pass', () => {
  test.each([
    [
      'src/modules/properties/probe.ts',
      `import { scoreProperty } from '../scoring/service.js';\nimport { ParcelScore } from '../scoring/schema.js';`,
    ],
    [
      'src/modules/leads/probe.ts',
      `import { recordAudit } from '../audit/record-audit.js';\nimport { applyBatch } from '../imports/apply-batch.js';`,
    ],
    ['src/modules/imports/probe.ts', `import { normalizePhone } from '../properties/contacts/phone.js';`],
    ['src/modules/scoring/probe.ts', `import { listParcelIds } from './repo.js';\nimport { scoringJobs } from './jobs.js';`],
    ['src/modules/properties/address/probe.ts', `import { listProperties } from '../service.js';\nimport { readRows } from '../repo.js';`],
    ['src/modules/demo-county/probe.test.ts', `import { trainMotivationModel } from '../scoring/train-model.js';`],
    [
      'src/app/probe.ts',
      `import { scoringRoutes } from '../modules/scoring/routes.js';\nimport { withTenant } from '../platform/db/database.js';`,
    ],
    ['src/platform/http/probe.ts', `import { AppError } from './errors.js';\nimport { openDatabase } from '../db/database.js';`],
    [
      'web/src/features/scoring/components/probe.tsx',
      `import { useSetOutcome } from '../api';\nimport { formatMoney } from '../../../lib/format';\nimport { Modal } from '../../../components/modal';`,
    ],
    ['web/src/features/leads/probe.ts', `import type { Lead } from '../../../../src/modules/leads/schema';`],
    ['web/src/features/valuation/probe.ts', `import { maximumAllowableOffer } from '../../../../src/modules/valuation/offer-math';`],
    ['web/src/lib/probe.ts', `import type { ErrorBody } from '../../../src/platform/http/errors';`],
    [
      'web/src/app/routes/probe.tsx',
      `import { ScoreCard } from '../../features/scoring/components/score-card';\nimport { useLogin } from '../../features/auth/api';`,
    ],
  ])('%s: %s', async (filePath, code) => {
    expect(await boundaryErrors(filePath, code)).toEqual([]);
  });
});
