/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@ce/(kernel|event-store|projections|testing|identity|approval|hours|audit|projects|bases|reminders|forms)$':
    '<rootDir>/libs/$1/src',
  '^@ce/event-store/kurrentdb$': '<rootDir>/libs/event-store/src/kurrentdb',
  '^@ce/kernel/nest$': '<rootDir>/libs/kernel/src/nest',
  '^@ce/approval/domain$': '<rootDir>/libs/approval/src/domain',
};
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
  testTimeout: 120000,
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      slowTestThreshold: 30,
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], slowTestThreshold: 60 },
    {
      // The web app in Chromium (playwright-core); builds web/dist first when it is stale.
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      slowTestThreshold: 60,
    },
  ],
  testTimeout: 60000,
};
