export * from './approval-flow';
export * from './chain-policy';
export * from './working-days';
