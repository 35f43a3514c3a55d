// Pure parts only: domain code may import this. Nest wiring lives in '@ce/kernel/nest'.
export * from './domain/decider';
export * from './domain/errors';
export * from './domain/clock';
export * from './domain/ids';
export * from './domain/actor';
export * from './application/handle-command';
export * from './testing/specification';
