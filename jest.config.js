/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // The Pulumi adapter's package (packages/pulumi) runs its tests here too.
  roots: ['<rootDir>/test', '<rootDir>/packages/pulumi/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking runs once in `npm run typecheck`; ts-jest only transpiles
  // (tsconfig has isolatedModules), which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Snapshots are committed: Secret data and private keys never reach them.
  snapshotSerializers: ['<rootDir>/test/support/redact-secrets.ts'],
  setupFiles: ['<rootDir>/test/support/quiet-warnings.ts'],
  // The Pulumi adapter's package, its tests and its standalone example import
  // the packages by name; in tests they run against this repository's sources
  // (tsconfig.dev.json maps the same names).
  moduleNameMapper: {
    '^cdk8s-istio-ingress$': '<rootDir>/src/index.ts',
    '^cdk8s-istio-ingress/model$': '<rootDir>/src/entrypoints/model.ts',
    '^cdk8s-istio-ingress-pulumi$': '<rootDir>/packages/pulumi/src/index.ts',
  },
};
