#!/usr/bin/env node
/**
 * One schema validator for a whole jest run (started by `schema-global-setup.ts`).
 *
 * Loading the kubernetes-models validators costs about 0.7 s; a child process per call paid it
 * every time. This server loads them once and answers `POST /` (body: a JSON array of objects)
 * with the JSON array of error strings `validateAll` returns.
 *
 * Usage: node validate-server.mjs <unix socket path>. Prints `ready` once listening and exits
 * when its stdin closes, so a killed jest never leaves it behind.
 */
import { createServer } from 'node:http';
import { rmSync } from 'node:fs';
import { validateAll } from './validate-schemas.mjs';

const socketPath = process.argv[2];
if (!socketPath) throw new Error('usage: validate-server.mjs <socket path>');

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      const errors = await validateAll(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(errors));
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(e && e.stack ? e.stack : String(e));
    }
  });
});

rmSync(socketPath, { force: true });
server.listen(socketPath, () => process.stdout.write('ready\n'));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
