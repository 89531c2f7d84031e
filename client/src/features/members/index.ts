// What other features may use of members; everything else here is its own.
export { memberQueries } from './api/queries';
