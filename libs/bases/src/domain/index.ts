export * from './bases-policy';
export * from './key-set';
export * from './quota';
export * from './research-project';
export * from './trainee-registration';
