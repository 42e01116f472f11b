// @ts-check
/**
 * The import direction of the architecture (docs/architecture.md), as one ESLint rule.
 * It resolves each relative import against the importing file, so it judges the file
 * an import reaches, not the spelling of the path. What is public is configured in
 * eslint.config.js; this file only knows the layers.
 */
import path from 'node:path';

const repoRoot = path.dirname(import.meta.dirname);

/** A module file that can never be public: its SQL, its HTTP routes, its queue handlers. */
const ALWAYS_PRIVATE = /(^|\/)([a-z0-9-]+-)?repo$|(^|\/)(routes|jobs)$/;

/** @param {string} file a repository-relative path, with or without its .js/.ts/.tsx extension */
const withoutExtension = (file) => file.replace(/\.(js|jsx|ts|tsx)$/, '');

/** `*` stands for one path segment (a module's name). */
function globToRegExp(/** @type {string} */ glob) {
  const escaped = withoutExtension(glob)
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}$`);
}

/**
 * Where a repository-relative path (without extension) sits in the architecture.
 * @param {string} file
 * @returns {{ layer: 'platform' | 'app' | 'server' | 'web-app' | 'web-shared' | 'web' | 'other' } | { layer: 'module', module: string, file: string } | { layer: 'web-feature', feature: string }}
 */
function placeOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'src') {
    if (parts[1] === 'platform') return { layer: 'platform' };
    if (parts[1] === 'app') return { layer: 'app' };
    if (parts[1] === 'modules' && parts.length > 3) return { layer: 'module', module: parts[2] ?? '', file: parts.slice(3).join('/') };
    return { layer: 'server' };
  }
  if (parts[0] === 'web') {
    if (parts[1] === 'src' && parts[2] === 'features' && parts.length > 4) return { layer: 'web-feature', feature: parts[3] ?? '' };
    if (parts[1] === 'src' && parts[2] === 'app') return { layer: 'web-app' };
    if (parts[1] === 'src' && (parts[2] === 'lib' || parts[2] === 'components')) return { layer: 'web-shared' };
    return { layer: 'web' };
  }
  return { layer: 'other' };
}

/**
 * Whether an import brings in types only (erased at build, so nothing of the target runs).
 * @param {any} node
 */
function isTypeOnly(node) {
  if (node.type === 'ImportDeclaration') {
    if (node.importKind === 'type') return true;
    return node.specifiers.length > 0 && node.specifiers.every((/** @type {any} */ s) => s.importKind === 'type');
  }
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') return node.exportKind === 'type';
  return node.type === 'TSImportType';
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports in the direction of the architecture: app → modules → platform; web app → features → shared.' },
    schema: [
      {
        type: 'object',
        properties: {
          modulePublicFiles: { type: 'array', items: { type: 'string' } },
          webTypeContracts: { type: 'array', items: { type: 'string' } },
          webSharedCode: { type: 'array', items: { type: 'string' } },
        },
        required: ['modulePublicFiles', 'webTypeContracts', 'webSharedCode'],
        additionalProperties: false,
      },
    ],
    messages: {
      platformImportsFeature:
        'src/platform knows nothing of features: it may not import {{target}}. Let the caller pass in what is needed.',
      moduleImportsApp: 'A module may not import {{target}}: the process entry points in src/app sit on top of the modules.',
      modulePrivate:
        '{{target}} is internal to the {{module}} module. Reach the module through its service.ts or another file it makes public in eslint.config.js.',
      featureImportsFeature:
        'A web feature may not import another feature ({{target}}). Share through web/src/lib or web/src/components, or compose both in web/src/app.',
      featureImportsApp: 'A web feature may not import {{target}}: web/src/app composes the features, not the other way round.',
      sharedImportsUp: 'web/src/lib and web/src/components are shared by every feature: they may not import {{target}}.',
      webImportsServer:
        'The web UI takes from src/ only the API contract types (import type from a schema.ts or another contract file) and the files shared by design listed in eslint.config.js; {{target}} is neither.',
    },
  },
  create(context) {
    const { modulePublicFiles, webTypeContracts, webSharedCode } = context.options[0];
    const publicFile = modulePublicFiles.map(globToRegExp);
    for (const glob of modulePublicFiles) {
      if (ALWAYS_PRIVATE.test(withoutExtension(glob))) throw new Error(`import-boundaries: ${glob} can never be a public file of a module`);
    }
    const typeContract = webTypeContracts.map(globToRegExp);
    const sharedCode = webSharedCode.map(globToRegExp);

    const importer = withoutExtension(path.relative(repoRoot, context.filename).split(path.sep).join('/'));
    const from = placeOf(importer);
    const isTest = /\.test$/.test(importer);

    /** @param {any} node @param {any} source */
    function check(node, source) {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = withoutExtension(path.posix.normalize(path.posix.join(path.posix.dirname(importer), source.value)));
      const to = placeOf(target);
      const report = (/** @type {string} */ messageId, extra = {}) =>
        context.report({ node: source, messageId, data: { target: source.value, ...extra } });

      if (from.layer === 'platform' && (to.layer === 'module' || to.layer === 'app')) return report('platformImportsFeature');
      if (from.layer === 'module') {
        if (to.layer === 'app') return report('moduleImportsApp');
        // A test may reach into another module to check that the two agree (the demo
        // county's outcomes must be learnable by the scoring model); production code may not.
        if (to.layer === 'module' && to.module !== from.module && !isTest) {
          if (ALWAYS_PRIVATE.test(to.file) || !publicFile.some((re) => re.test(target)))
            return report('modulePrivate', { module: to.module });
        }
      }
      if (from.layer === 'web-feature') {
        if (to.layer === 'web-feature' && to.feature !== from.feature) return report('featureImportsFeature');
        if (to.layer === 'web-app') return report('featureImportsApp');
      }
      if (from.layer === 'web-shared' && (to.layer === 'web-feature' || to.layer === 'web-app')) return report('sharedImportsUp');
      if (from.layer.startsWith('web') && target.startsWith('src/')) {
        const allowed = sharedCode.some((re) => re.test(target)) || (isTypeOnly(node) && typeContract.some((re) => re.test(target)));
        if (!allowed) return report('webImportsServer');
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      /** @param {any} node */
      TSImportType: (node) => check(node, node.argument?.literal ?? node.source),
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
