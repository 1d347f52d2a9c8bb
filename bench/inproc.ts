/** Profiling aid: the library's own per-message cost without a socket (node build-bench/bench/inproc.js). */
import { queueScheduler } from 'rxjs';
import { createTestConnection } from '../lib/testing/test-connection.js';
import { orderbookDelta, orderbookSnapshot } from '../lib/testing/message-builders.js';

const levels = (base: number): [string, string][] => Array.from({ length: 50 }, (_, i) => [((base - i * 100) / 10_000).toFixed(4), '100.00']);
for (const mode of ['channel', 'book', 'channel', 'book']) {
  const t = createTestConnection(queueScheduler, { commandTimeoutMs: 60_000 });
  await new Promise((r) => setTimeout(r, 5));
  let n = 0;
  const sub = mode === 'book' ? t.connection.orderbook('M').subscribe(() => n++) : t.connection.channel('orderbook_delta', { market_ticker: 'M' }).subscribe(() => n++);
  t.push('orderbook_delta', orderbookSnapshot({ market: 'M', yes: levels(4900), no: levels(4900) }));
  const sid = t.sidOf('orderbook_delta');
  const bodies = [orderbookDelta({ market: 'M', side: 'yes', price: '0.4900', delta: '1' }).msg, orderbookDelta({ market: 'M', side: 'yes', price: '0.4900', delta: '-1' }).msg].map((m) => JSON.stringify(m));
  const frames = Array.from({ length: 1_000_000 }, (_, i) => `{"type":"orderbook_delta","sid":${sid},"seq":${i + 2},"msg":${bodies[i & 1]}}`);
  const t0 = process.hrtime.bigint();
  for (const f of frames) t.pushRaw(f);
  const ns = Number(process.hrtime.bigint() - t0) / frames.length;
  let parse = 0;
  const p0 = process.hrtime.bigint();
  for (const f of frames) parse += (JSON.parse(f) as { seq: number }).seq & 1;
  const pns = Number(process.hrtime.bigint() - p0) / frames.length;
  console.log(`${mode}: ${ns.toFixed(0)} ns/msg (JSON.parse alone ${pns.toFixed(0)} ns), delivered ${n}${parse < 0 ? '' : ''}`);
  sub.unsubscribe();
  t.connection.close();
}
