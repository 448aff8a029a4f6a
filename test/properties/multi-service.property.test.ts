import { describeRolloutProperties } from './harness';
import { MULTI_SERVICE_MODEL } from './multi-service.model';

// Fixed seed; the run counts keep the whole test/properties folder well under 90 s on 2 cores.
describeRolloutProperties(MULTI_SERVICE_MODEL, { seed: 20261128, validRuns: 120, invalidRuns: 300 });
