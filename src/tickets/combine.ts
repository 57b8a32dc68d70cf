// The ticket store re-checks a ticket as a whole with the analysis module's own rules;
// this is the single place the store depends on it, so tests can swap it out.
export { combineAnalyses } from '../analysis/analyse.ts';
export type { Rules } from '../analysis/rules.ts';
