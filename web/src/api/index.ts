export * from './client';
export * from './types';
export * from './use-query';
export * from './labels';
