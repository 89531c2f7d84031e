// What other features may use of tracks; everything else here is its own.
export { trackQueries, type Track } from './api/queries';
