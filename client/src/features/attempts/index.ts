// What other features may use of attempts; everything else here is its own.
export { attemptQueries, type Attempt } from './api/queries';
export { AttemptsTable } from './AttemptsTable';
