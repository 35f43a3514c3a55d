export * from './forms';
export * from './report.rules';
