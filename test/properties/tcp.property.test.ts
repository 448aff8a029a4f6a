import { describeRolloutProperties } from './harness';
import { TCP_MODEL } from './tcp.model';

// Fixed seed; the run counts keep the whole test/properties folder well under 90 s on 2 cores.
describeRolloutProperties(TCP_MODEL, { seed: 20261125, validRuns: 150, invalidRuns: 300 });
