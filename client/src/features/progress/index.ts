// What other features may use of progress; everything else here is its own.
export { progressQueries } from './api/queries';
