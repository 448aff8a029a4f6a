// The bare baseline: the objects the library app (main.ts) synthesizes, read from objects.json (written by
// run.sh from the library app's output) and added as plain ApiObjects: same YAML file, no library.
import { ApiObject, App, Chart } from 'cdk8s';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const objects: any[] = require('./objects.json');

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o));
app.synth();
