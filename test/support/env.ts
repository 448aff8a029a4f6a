/**
 * Runs `f` with environment variables set (a value of `undefined` unsets the variable), and puts
 * every one of them back afterwards, also when `f` throws.
 */
export function withEnv<T>(vars: Record<string, string | undefined>, f: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  try {
    return f();
  } finally {
    apply(saved);
  }
}
