export * from './dates';
export * from './training-project.rules';
