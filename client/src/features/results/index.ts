// What other features may use of results; everything else here is its own.
export { leaderboardQueries } from './api/queries';
