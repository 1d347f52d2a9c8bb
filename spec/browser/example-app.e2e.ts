// `npm run test:browser`: the browser example (examples/browser/), bundled by its own build
// script, shows the simulator's true best bid and implied ask, and the connection's health, in
// headless Chromium; it keeps a screenshot at docs/browser-example.png.
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../lib/simulator/start-simulator.js';
import type { Simulator } from '../../lib/simulator/simulator-api.js';
import { buildBrowserExample } from '../../examples/browser/build.mjs';
import { serveExample } from '../../examples/browser/serve.js';
import { eventually } from '../helpers/eventually.js';
import { launchOptions } from './chromium.js';

let browser: Browser;
let sim: Simulator;
let server: Server;
let pageUrl: string;

beforeAll(async () => {
  await buildBrowserExample();
  browser = await chromium.launch(launchOptions());
  sim = await startSimulator({ markets: ['BR-APP'], tickIntervalMs: 0, pingIntervalMs: 0, seed: 11 });
  const served = await serveExample(0, fileURLToPath(new URL('../../examples/browser/', import.meta.url)));
  server = served.server;
  pageUrl = `${served.url}?url=${encodeURIComponent(sim.url)}&market=BR-APP`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  server?.close();
});

/** The truth's best YES bid and implied YES ask, as the page formats them (exact, in 1/10,000 $). */
function truthTop(): { bid: string; ask: string } {
  const t = sim.book('BR-APP');
  const scaled = (s: string): number => Math.round(Number(s) * 10_000);
  const fmt = (n: number): string => (n / 10_000).toFixed(4);
  const bestYes = t.yes.at(-1);
  const bestNo = t.no.at(-1);
  return { bid: bestYes === undefined ? '-' : fmt(scaled(bestYes[0])), ask: bestNo === undefined ? '-' : fmt(10_000 - scaled(bestNo[0])) };
}

describe('examples/browser', () => {
  it('renders the live book with the true best bid and ask, and the connection health', async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 480 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pageUrl);
    await eventually(async () => expect(await page.textContent('#book-status')).toBe('live'), 10_000);
    sim.step(600);
    await eventually(async () => {
      const shown = { bid: await page.textContent('#best-bid'), ask: await page.textContent('#best-ask') };
      expect(shown).toEqual(truthTop());
      expect(await page.textContent('#state')).toBe('open');
      expect(await page.textContent('#health')).toMatch(/^messages \d+ · gaps 0 · resyncs 0 · reconnects 0/);
    }, 10_000);
    // A dropped connection shows, and the page comes back to the truth.
    sim.faults.drop();
    await eventually(async () => expect(await page.textContent('#events')).toMatch(/connection reconnecting \(dropped\)/), 10_000);
    sim.step(200);
    await eventually(async () => {
      expect({ bid: await page.textContent('#best-bid'), ask: await page.textContent('#best-ask') }).toEqual(truthTop());
      expect(await page.textContent('#health')).toMatch(/reconnects 1/);
    }, 10_000);
    await page.screenshot({ path: fileURLToPath(new URL('../../docs/browser-example.png', import.meta.url)) });
    expect(errors).toEqual([]);
  }, 60_000);
});
