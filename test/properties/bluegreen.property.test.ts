import { BLUEGREEN_MODEL } from './bluegreen.model';
import { describeRolloutProperties } from './harness';

// Fixed seed; the run counts keep the whole test/properties folder well under 90 s on 2 cores.
describeRolloutProperties(BLUEGREEN_MODEL, { seed: 20261126, validRuns: 150, invalidRuns: 300 });
