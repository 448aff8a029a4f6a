import { describeRolloutProperties } from './harness';
import { HEADER_ROUTE_MODEL } from './header-route.model';

// Fixed seed; the run counts keep the whole test/properties folder well under 90 s on 2 cores.
describeRolloutProperties(HEADER_ROUTE_MODEL, { seed: 20261127, validRuns: 150, invalidRuns: 300 });
