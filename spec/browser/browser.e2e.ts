// `npm run test:browser`: the library bundled for the browser (native WebSocket through
// isomorphic-ws) keeps a book equal to the simulator's in headless Chromium. Needs Debian's
// chromium (/usr/bin/chromium); not part of `npm test`.
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { eventually } from '../helpers/eventually.js';
import { launchOptions } from './chromium.js';

let browser: Browser;
let sim: Simulator;
let bundle: string;

beforeAll(async () => {
  const out = await build({
    entryPoints: [new URL('./browser-entry.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
  });
  bundle = out.outputFiles[0]!.text;
  browser = await chromium.launch(launchOptions());
  sim = await startSimulator({ markets: ['BR-A', 'BR-B'], tickIntervalMs: 0, pingIntervalMs: 0, seed: 8 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
});

describe('kalshi-rx in a browser', () => {
  it('bundles without Node built-ins and keeps a live book equal to the truth', async () => {
    expect(bundle).not.toMatch(/require\("(node:)?(crypto|fs|net|http)"\)/);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><title>kalshi-rx</title>');
    await page.addScriptTag({ content: bundle });
    await page.evaluate(([url]) => window.kalshiBook(url as string, 'BR-A'), [sim.url]);
    await eventually(async () => expect(await page.evaluate(() => window.bookCount)).toBeGreaterThan(0), 10_000);
    sim.step(800);
    await eventually(async () => {
      const book = await page.evaluate(() => window.latestBook);
      expect(book?.status).toBe('live');
      expect(book?.yes).toEqual(sim.book('BR-A').yes);
      expect(book?.no).toEqual(sim.book('BR-A').no);
    }, 10_000);
    expect(errors).toEqual([]);
  }, 60_000);
});
