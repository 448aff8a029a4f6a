/**
 * The app checks read a Deployment's pod labels without rendering it (lib/app/pod-labels.ts): the
 * labels they read must be the rendered ones, for any combination of the props that set pod labels,
 * and a JSON patch or a custom resolver (which the library cannot see through) must make them render.
 */
import { ApiObject, App, Chart, IResolver, JsonPatch, ResolutionContext, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ObjectJson, objectJsonOnce } from '../../lib/app/object-json';
import { podTemplateLabels } from '../../lib/app/pod-labels';
import { VersionedDeployment } from '../../lib/workload/versioned-deployment';

const noRender: ObjectJson = (obj) => {
  throw new Error(`${obj.node.path} was rendered`);
};

const labelKey = fc.constantFrom('team', 'tier', 'app', 'version', 'sidecar.istio.io/inject', 'app.kubernetes.io/name', 'istio');
const labelMap = fc.dictionary(labelKey, fc.constantFrom('a', 'b', 'ingressgateway', 'true'), { maxKeys: 3 });
const override = fc.option(fc.record({ metadata: fc.record({ labels: labelMap }) }), { nil: undefined });

function deployment(app: App, props: { labels?: Record<string, string>; extra?: Record<string, string>; sidecar?: boolean; podTemplate?: any; versionTemplate?: any }): ApiObject {
  const chart = new Chart(app, 'test', { namespace: 'shop' });
  const d = new VersionedDeployment(chart, 'cart', {
    app: 'cart',
    version: { name: 'v1', image: 'registry.example.com/cart:1.0.0', podTemplate: props.versionTemplate },
    labels: props.labels,
    extraPodLabels: props.extra,
    sidecarInjection: props.sidecar,
    podTemplate: props.podTemplate,
  });
  return ApiObject.of(d.deployment);
}

describe('pod template labels read without rendering', () => {
  test('equal the rendered labels for any labels, extra pod labels, sidecar setting and podTemplate overrides', () => {
    fc.assert(fc.property(fc.record({ labels: fc.option(labelMap, { nil: undefined }), extra: fc.option(labelMap, { nil: undefined }), sidecar: fc.option(fc.boolean(), { nil: undefined }), podTemplate: override, versionTemplate: override }), (props) => {
      const obj = deployment(Testing.app(), props);
      const read = podTemplateLabels(obj, noRender);
      const rendered = obj.toJson().spec.template.metadata.labels;
      expect(JSON.stringify(read)).toBe(JSON.stringify(rendered));
    }), { seed: 20261202, numRuns: 150 });
  });

  test('a JSON patch on the Deployment makes the check render it, and read the patched labels', () => {
    const obj = deployment(Testing.app(), {});
    obj.addJsonPatch(JsonPatch.add('/spec/template/metadata/labels/istio', 'ingressgateway'));
    expect(() => podTemplateLabels(obj, noRender)).toThrow('test/cart/Resource/Resource was rendered');
    expect(podTemplateLabels(obj, objectJsonOnce())).toMatchObject({ app: 'cart', version: 'v1', istio: 'ingressgateway' });
  });

  test('a resolver of the app makes the check render, and read the resolved labels', () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (context.key.includes('labels') && context.value === 'v1') context.replaceValue('V1');
      }
    }
    const obj = deployment(new App({ resolvers: [new Upper()] }), {});
    expect(() => podTemplateLabels(obj, noRender)).toThrow('was rendered');
    expect(podTemplateLabels(obj, objectJsonOnce()).version).toBe('V1');
  });
});
