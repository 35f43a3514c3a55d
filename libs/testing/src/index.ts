export * from './test-database';
export * from './read-model-database';
