export * from './hours-policy';
export * from './hour-units';
export * from './hour-claim.rules';
export * from './year-ledger';
export * from './title-eligibility';
