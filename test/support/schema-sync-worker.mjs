/**
 * synckit worker: forwards one validation request to the run's validator server
 * (`validate-server.mjs`) so that `validateManifests` can stay synchronous.
 */
import { request } from 'node:http';
import { runAsWorker } from 'synckit';

runAsWorker((socketPath, body) => new Promise((resolve, reject) => {
  const req = request({ socketPath, path: '/', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    res.on('error', reject);
  });
  req.on('error', reject);
  req.end(body);
}));
