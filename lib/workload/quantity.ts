/**
 * Kubernetes resource quantities (`100m`, `0.5`, `128Mi`, `1G`, `1e3`): syntax check and value,
 * following k8s.io/apimachinery `resource.Quantity` (decimal SI, binary SI and decimal exponent forms).
 */
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

/** Values of the quantities seen so far (a fleet repeats the same few). */
const CACHE = new Map<string, number | undefined>();

/** The value of a quantity (`'250m'` is 0.25, `'1Ki'` is 1024), or undefined when it is not a valid quantity. */
export function quantityValue(quantity: string): number | undefined {
  if (CACHE.has(quantity)) return CACHE.get(quantity);
  const value = parse(quantity);
  if (CACHE.size < 1000) CACHE.set(quantity, value);
  return value;
}

function parse(quantity: string): number | undefined {
  const m = QUANTITY.exec(quantity);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  return Number(m[1]) * multiplier;
}
