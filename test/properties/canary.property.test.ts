import { describeRolloutProperties } from './harness';
import { CANARY_MODEL } from './canary.model';

// Fixed seed; the run counts keep this file to a few seconds (schema validation is one batch per test).
describeRolloutProperties(CANARY_MODEL, { seed: 20261124, validRuns: 300, invalidRuns: 600 });
