/**
 * Canary plans with more than two versions (`otherVersions`, stages with `versionWeights`): what
 * every version serves at each stage, read back through the simulator, on every provider that can
 * express it; what the others refuse.
 */
import { App, Chart } from 'cdk8s';
import { CanaryService, CanaryServiceProps, formatPlans, planRollouts, Progression, shareByVersion, simulate, TcpCanary, Traffic } from '../../lib';
import { THREE_VERSION_STAGES, ThreeVersionsChart } from '../../examples/shop/three-versions';
import { referenceProblems } from '../support/references';
import { expectValidManifests } from '../support/schema';
import { ofKind, synthErrors, synthEveryStage } from '../support/synth';

const NS = { namespace: 'catalog' };
const base: CanaryServiceProps = {
  name: 'catalog',
  stable: { name: 'v2', image: 'registry/catalog:2.4.0' },
  canary: { name: 'v3', image: 'registry/catalog:3.0.0' },
  otherVersions: [{ name: 'v1', image: 'registry/catalog:1.9.2' }],
  stages: THREE_VERSION_STAGES,
  stage: 'split-20-70-10',
};
const STAGES = ['split-20-70-10', 'split-10-60-30', 'split-0-50-50', 'promoted'];
const USERS = { host: 'catalog', sourceNamespace: 'catalog' };
const EXPECTED: Record<string, Record<string, number>> = {
  'split-20-70-10': { v1: 0.2, v2: 0.7, v3: 0.1 },
  'split-10-60-30': { v1: 0.1, v2: 0.6, v3: 0.3 },
  'split-0-50-50': { v2: 0.5, v3: 0.5 },
  'promoted': { v3: 1 },
};
const deployments = (m: any[]) => ofKind(m, 'Deployment').map((d) => d.metadata.name);

/** Draws `n` requests from the simulated outcome (a fixed-seed generator) and counts each version. */
function sendRequests(m: any[], n: number): Record<string, number> {
  const outcomes = simulate(m, USERS).outcomes;
  let seed = 12;
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    let r = seed / 2147483648;
    const o = outcomes.find((x) => (r -= x.probability) < 0) ?? outcomes[outcomes.length - 1];
    counts[o.version!] = (counts[o.version!] ?? 0) + 1;
  }
  return counts;
}

const PROVIDERS: Record<string, () => Traffic> = {
  'istio': () => Traffic.istio(),
  'gateway-api': () => Traffic.gatewayApi(),
  'istio-ambient': () => Traffic.istioAmbient(),
  'replica-ratio': () => Traffic.replicaRatio({ totalReplicas: 10, rounding: 'exact' }),
};

describe.each(Object.keys(PROVIDERS))('three versions with traffic %s', (kind) => {
  const stages = synthEveryStage((chart) => { new CanaryService(chart, 'catalog', { ...base, traffic: PROVIDERS[kind]() }); }, 'catalog', STAGES, NS);

  test.each(STAGES)('stage %s: schema-valid, references resolve, each version serves its declared share', (stage) => {
    const m = stages[stage];
    expectValidManifests(m);
    expect(referenceProblems(m)).toEqual([]);
    expect(shareByVersion(simulate(m, USERS))).toEqual(EXPECTED[stage]);
  });

  test('the 20/70/10 split: of 10000 requests about 2000 reach legacy v1, 7000 stable v2, 1000 canary v3', () => {
    const counts = sendRequests(stages['split-20-70-10'], 10000);
    expect(Object.keys(counts).sort()).toEqual(['v1', 'v2', 'v3']);
    expect(counts.v1 / 10000).toBeCloseTo(0.2, 1);
    expect(counts.v2 / 10000).toBeCloseTo(0.7, 1);
    expect(counts.v3 / 10000).toBeCloseTo(0.1, 1);
  });

  test('every version runs until the promotion, which keeps the canary alone', () => {
    expect(deployments(stages['split-0-50-50'])).toEqual(['catalog-v2', 'catalog-v3', 'catalog-v1']);
    expect(deployments(stages.promoted)).toEqual(['catalog-v3']);
  });
});

test('replica ratio: each version gets its share of the 10 pods', () => {
  const stages = synthEveryStage((chart) => { new CanaryService(chart, 'catalog', { ...base, traffic: PROVIDERS['replica-ratio']() }); }, 'catalog', STAGES, NS);
  const replicas = (m: any[]) => Object.fromEntries(ofKind(m, 'Deployment').map((d) => [d.metadata.name, d.spec.replicas]));
  expect(replicas(stages['split-20-70-10'])).toEqual({ 'catalog-v1': 2, 'catalog-v2': 7, 'catalog-v3': 1 });
  expect(replicas(stages['split-0-50-50'])).toEqual({ 'catalog-v1': 0, 'catalog-v2': 5, 'catalog-v3': 5 });
  expect(replicas(stages.promoted)).toEqual({ 'catalog-v3': 10 });
});

test('promotedVersion: the promoted stage keeps the chosen candidate and removes the rest', () => {
  const props: CanaryServiceProps = {
    ...base,
    otherVersions: [{ name: 'v3b', image: 'registry/catalog:3.0.0-b' }],
    stages: [{ name: 'ab', versionWeights: [{ version: 'v2', weight: 80 }, { version: 'v3', weight: 10 }, { version: 'v3b', weight: 10 }] }],
    promotedVersion: 'v3b',
    stage: 'ab',
  };
  const stages = synthEveryStage((chart) => { new CanaryService(chart, 'catalog', props); }, 'catalog', ['ab', 'promoted'], NS);
  expect(shareByVersion(simulate(stages.ab, USERS))).toEqual({ v2: 0.8, v3: 0.1, v3b: 0.1 });
  expect(shareByVersion(simulate(stages.promoted, USERS))).toEqual({ v3b: 1 });
  expect(deployments(stages.promoted)).toEqual(['catalog-v3b']);
});

test('versionWeights out of 1000 and a two-version versionWeights stage render like canaryWeight', () => {
  const fine = synthEveryStage((chart) => {
    new CanaryService(chart, 'catalog', { ...base, stages: [{ name: 'fine', weightTotal: 1000, versionWeights: [{ version: 'v1', weight: 1 }, { version: 'v2', weight: 998 }, { version: 'v3', weight: 1 }] }], stage: 'fine' });
  }, 'catalog', ['fine'], NS).fine;
  expect(shareByVersion(simulate(fine, USERS))).toEqual({ v1: 0.001, v2: 0.998, v3: 0.001 });
  const two = (stage: any) => synthEveryStage((chart) => {
    new CanaryService(chart, 'catalog', { ...base, otherVersions: undefined, stages: [stage], stage: 's' });
  }, 'catalog', ['s'], NS).s;
  expect(two({ name: 's', versionWeights: [{ version: 'v2', weight: 90 }, { version: 'v3', weight: 10 }] })).toEqual(two({ name: 's', canaryWeight: 10 }));
});

test('the example chart: every stage schema-valid, 20/70/10 at its first stage', () => {
  for (const stage of STAGES) {
    const app = new App();
    const m = new ThreeVersionsChart(app, 'catalog-three-versions', { stage }).toJson();
    expectValidManifests(m);
    expect(shareByVersion(simulate(m, USERS))).toEqual(EXPECTED[stage]);
  }
});

test('plan shows the weight of every version at every stage', () => {
  const plan = planRollouts((app) => { new ThreeVersionsChart(app, 'catalog-three-versions'); })[0];
  const text = formatPlans([plan]);
  expect(text).toContain('| 00 split-20-70-10 (active) | v1 20%, v2 70%, v3 10% |');
  expect(text).toContain('| 01 split-10-60-30 | v1 10%, v2 60%, v3 30% |');
  expect(text).toContain('| 02 split-0-50-50 | v2 50%, v3 50% |');
  expect(text).toContain('| 03 promoted | v3 100% |');
});

describe('misuse fails synth', () => {
  const errors = (props: Partial<CanaryServiceProps>) => synthErrors((chart) => { new CanaryService(chart, 'catalog', { ...base, ...props }); }, NS);
  const split = (v1: number, v2: number, v3: number) => ({ name: 's', versionWeights: [{ version: 'v1', weight: v1 }, { version: 'v2', weight: v2 }, { version: 'v3', weight: v3 }] });

  test('weights not summing to the total', () => {
    expect(errors({ stages: [split(20, 70, 20)], stage: 's' })).toEqual([expect.stringMatching(/stage "s" versionWeights sum to 110 \(20 \+ 70 \+ 20\), not 100/)]);
    expect(errors({ stages: [{ ...split(1, 990, 1), weightTotal: 1000 }], stage: 's' })).toEqual([expect.stringMatching(/sum to 992 .*not 1000 \(its weightTotal\)/)]);
  });
  test('two versions promoted', () => {
    expect(errors({ promotedVersion: ['v3', 'v1'] as any, stages: [split(20, 70, 10)], stage: 's' }))
      .toEqual([expect.stringMatching(/promotedVersion \["v3","v1"\] \(2 versions\) is not one version of "v3", "v1": the promoted stage keeps exactly one/)]);
  });
  test('canaryWeight and versionWeights on one stage', () => {
    expect(errors({ stages: [{ ...split(20, 70, 10), canaryWeight: 10 } as any], stage: 's' })).toEqual([expect.stringMatching(/stage "s" gives both canaryWeight 10 and versionWeights/)]);
  });
  test('a stage that leaves a running version out, or only a canaryWeight beside otherVersions', () => {
    expect(errors({ stages: [{ name: 's', versionWeights: [{ version: 'v2', weight: 90 }, { version: 'v3', weight: 10 }] }], stage: 's' }))
      .toEqual([expect.stringMatching(/stage "s" versionWeights leaves out "v1": every running version/)]);
    expect(errors({ stages: [10], stage: 'canary-10' })).toEqual([expect.stringMatching(/stage "canary-10" gives only a canaryWeight, but "v1" of otherVersions runs too/)]);
  });
  test('ingress-nginx: one canary only, named in the error', () => {
    expect(errors({ traffic: Traffic.ingressNginx(), gateway: { name: 'nginx', hosts: ['catalog.example.com'] } }))
      .toEqual([expect.stringMatching(/ingress-nginx cannot send traffic of "catalog" to more than one version besides the stable "v2" \(here "v1", "v3"\)/)]);
  });
  test('replica ratio: pod counts that cannot give every weight', () => {
    expect(errors({ traffic: Traffic.replicaRatio({ totalReplicas: 4, rounding: 'nearest' }) }))
      .toEqual([
        expect.stringMatching(/stage "split-20-70-10" splits "v1" 20, "v2" 70, "v3" 10 of 100, which 4 replicas cannot give with trafficSplit 'replicas' .*set totalReplicas to a multiple of 10/),
        expect.stringMatching(/stage "split-10-60-30" splits .*\("v1" 0.4 pods, "v2" 2.4 pods, "v3" 1.2 pods\)/),
      ]);
  });
  test('an engine cannot run more than two versions', () => {
    const e = errors({ progression: Progression.flagger() });
    expect(e).toEqual([expect.stringMatching(/otherVersions \("v1"\) run beside the stable and canary versions, but Flagger moves one canary/)]);
    // Without otherVersions, a versionWeights stage is a technique the engine cannot render.
    const two = errors({ progression: Progression.flagger(), otherVersions: undefined, stages: [{ name: 's', versionWeights: [{ version: 'v2', weight: 90 }, { version: 'v3', weight: 10 }] }], stage: 's' });
    expect(two).toEqual([expect.stringMatching(/stage "s" uses versionWeights, which progression 'flagger' cannot render/)]);
  });
  test('a versionWeights stage in a TcpCanary', () => {
    const e = synthErrors((chart: Chart) => {
      new TcpCanary(chart, 'echo', { name: 'echo', port: 9000, stable: base.stable, canary: base.canary, stages: [{ name: 's', versionWeights: [{ version: 'v2', weight: 90 }, { version: 'v3', weight: 10 }] }], stage: 's' });
    }, NS);
    expect(e).toEqual([expect.stringMatching(/stage "s" uses versionWeights, which TcpCanary cannot render/)]);
  });
});
