export * from './domain';
export * from './hour-claim/hour-claim.decider';
export * from './hour-claims.service';
export * from './year-ledgers.service';
export * from './hours.module';
export * from './read-model/hours.entities';
export * from './read-model/hour-claims.projection';
export { Hours1700000003000 } from './migrations/1700000003000-hours';
