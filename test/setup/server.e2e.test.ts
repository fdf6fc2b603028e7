import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

test('the server started like npm start answers /api/health', async () => {
  const response = await fetch(`${server.url}/api/health`);
  expect(response.status).toBe(200);
});

test('the server serves the built web app at /', async () => {
  const response = await fetch(`${server.url}/`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await response.text()).toMatch(/<script[^>]+src="\/assets\//);
});

test('stopping the server ends it and removes its data directory', async () => {
  const { url, dataDir } = server;
  await server.stop();
  expect(existsSync(dataDir)).toBe(false);
  await expect(fetch(`${url}/api/health`)).rejects.toThrow();
});
