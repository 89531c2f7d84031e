import type { Assignment } from './api/queries';

export function assignmentTitle(a: Assignment): string {
  return a.scenarioTitle ?? a.trackTitle ?? 'Untitled';
}
