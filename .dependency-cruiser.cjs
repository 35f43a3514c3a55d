/** Layer rules: domain code is pure (no framework, no database, no I/O); no cycles between files. */
const DOMAIN = [
  '^libs/[^/]+/src/domain/',
  '^libs/[^/]+/src/[^/]+/domain/',
  '[.](decider|events|rules)[.]ts$',
];
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'Deciders, events and domain rules import no Nest, TypeORM, database drivers or I/O.',
      from: { path: DOMAIN },
      to: {
        path: 'node_modules/(@nestjs|typeorm|pg|ioredis|bullmq|express|nestjs-pino|pino|@kurrent)/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      from: { path: DOMAIN },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|child_process|dgram|tls|dns)$' },
    },
    {
      name: 'domain-does-not-reach-out',
      severity: 'error',
      comment: 'Domain code depends only on other domain code.',
      from: { path: DOMAIN },
      to: { path: '^libs/[^/]+/src/(nest|postgres|kurrentdb|runner)/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.spec\\.ts$|\\.int-spec\\.ts$|\\.e2e-spec\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
