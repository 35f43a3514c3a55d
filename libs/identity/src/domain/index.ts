export * from './organisation';
export * from './person';
export * from './user';
export * from './id-number';
