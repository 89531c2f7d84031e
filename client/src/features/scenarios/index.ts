// What other features may use of scenarios; everything else here is its own.
export { scenarioQueries, type Scenario, type ScenarioSummary } from './api/queries';
export { criterionKinds, describeCriterion } from './rubric';
