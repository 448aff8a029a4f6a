import { App } from 'cdk8s';
import { Demo4Chart } from './demo4/demo4';

/** Adds every example chart to `app`. One chart per example; each lands in `dist/<chart>.k8s.yaml`. */
export function defineExamples(app: App): void {
  new Demo4Chart(app, 'demo4');
}
