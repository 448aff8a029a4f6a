/**
 * The analyzer suite over every stage of every example, in both traffic APIs (Istio objects and Gateway
 * API objects): the findings are EXACTLY the known ones (known-findings.ts), no more and no fewer.
 */
import { analyze } from './analyze';
import { exampleStages, TRAFFIC_APIS } from './examples-adapter';
import { objectId } from './finding';
import { KNOWN_FINDINGS } from './known-findings';

/** `traffic code object @ rollout:stage` for every finding on a rollout's own objects at each stage. */
function actual(): string[] {
  const out: string[] = [];
  for (const traffic of TRAFFIC_APIS) {
    for (const s of exampleStages(traffic)) {
      const own = new Set(s.own.map(objectId));
      for (const f of analyze(s.cluster)) if (own.has(f.object)) out.push(`${traffic} ${f.code} ${f.object} @ ${s.rollout}:${s.stage}`);
    }
  }
  return [...new Set(out)].sort();
}

/** The same lines from the known list (`rollout:*` expanded to the rendered stages). */
function expected(): string[] {
  const out: string[] = [];
  for (const traffic of TRAFFIC_APIS) {
    const stages = exampleStages(traffic);
    for (const k of KNOWN_FINDINGS.filter((x) => x.traffic.includes(traffic))) {
      for (const where of k.stages) {
        const [rollout, stage] = where.split(':');
        const matching = stages.filter((s) => s.rollout === rollout && (stage === '*' || s.stage === stage));
        if (matching.length === 0) throw new Error(`known finding ${k.code} ${k.object}: no stage ${where} in the ${traffic} rendering`);
        for (const s of matching) out.push(`${traffic} ${k.code} ${k.object} @ ${s.rollout}:${s.stage}`);
      }
    }
  }
  return [...new Set(out)].sort();
}

test('every stage of every example, in both traffic APIs, has exactly the known findings', () => {
  expect(actual()).toEqual(expected());
});

test('every known finding says why and which issue fixes it', () => {
  for (const k of KNOWN_FINDINGS) {
    expect([k.code, k.object, k.why.length > 20, k.fixedBy.length > 5]).toEqual([k.code, k.object, true, true]);
  }
});
