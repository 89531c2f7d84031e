// What other features may use of assignments; everything else here is its own.
export { assignmentQueries } from './api/queries';
