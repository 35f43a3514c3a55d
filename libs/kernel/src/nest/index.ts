export * from './config';
export * from './clock.provider';
export * from './problem-details.filter';
export * from './metrics';
export * from './kernel.module';
export * from './database';
export * from './reads-event-store';
