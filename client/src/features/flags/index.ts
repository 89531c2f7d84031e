// What other features may use of feature flags: the signed-in member's flags, kept current by the live stream.
export { flagQueries, useFlag, useMyFlags, type MyFlag } from './api/queries';
