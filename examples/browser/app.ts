/**
 * The browser example: a live order book and the connection's health, from any endpoint the
 * page is pointed at (`?url=ws://127.0.0.1:<port>/trade-api/ws/v2&market=<ticker>`; `npm run
 * example:browser` starts the local simulator and serves this page). Plain DOM, no framework:
 * two subscriptions render into a few elements.
 */
import { connect, formatCount, formatPrice, type ConnectionStatus, type Count, type OrderBook, type Price } from '../../lib/index.js';

const params = new URLSearchParams(location.search);
const url = params.get('url') ?? 'ws://127.0.0.1:8765/trade-api/ws/v2';
const market = params.get('market') ?? 'KXDEMO-RAIN';
const $ = (id: string): HTMLElement => document.getElementById(id)!;
const px = (p: Price | undefined): string => (p === undefined ? '-' : formatPrice(p));

const kalshi = connect({ url });
$('market').textContent = market;

const events: string[] = [];
const note = (text: string): void => {
  events.unshift(`${new Date().toISOString().slice(11, 23)} ${text}`);
  events.length = Math.min(events.length, 6);
  $('events').replaceChildren(...events.map((e) => Object.assign(document.createElement('li'), { textContent: e })));
};

function renderBook(b: OrderBook): void {
  $('book-status').textContent = b.status;
  $('book-status').dataset['status'] = b.status;
  $('seq').textContent = String(b.seq);
  $('best-bid').textContent = px(b.bestYesBid);
  $('best-ask').textContent = px(b.impliedYesAsk);
  $('spread').textContent = px(b.spread);
  const row = (cls: string, p: Price, q: Count): HTMLTableRowElement => {
    const tr = document.createElement('tr');
    tr.className = cls;
    tr.innerHTML = `<td>${formatPrice(p)}</td><td>${formatCount(q)}</td>`;
    return tr;
  };
  // Implied YES asks (1 − NO bid), best at the bottom, above the YES bids, best at the top.
  const asks = b
    .top('no', 6)
    .map(([p, q]) => row('ask', (b.useYesPrice ? p : 10_000 - p) as Price, q))
    .reverse();
  const bids = b.top('yes', 6).map(([p, q], i) => row(i === 0 ? 'bid mid' : 'bid', p, q));
  $('ladder').replaceChildren(...asks, ...bids);
}

function renderState(s: ConnectionStatus): void {
  $('state').dataset['state'] = s.state;
  $('state').textContent = s.state === 'reconnecting' ? `reconnecting (${s.reason}, attempt ${s.attempt})` : s.state;
  if (s.state !== 'connecting') note(`connection ${s.state}${s.state === 'reconnecting' ? ` (${s.reason})` : ''}`);
}

let lastStatus: string | undefined;
kalshi.orderbook(market).subscribe({
  next: (b) => {
    if (b.status !== lastStatus) note(`book ${b.status} (${b.base})`);
    lastStatus = b.status;
    renderBook(b);
  },
  error: (e: unknown) => note(`book failed: ${e instanceof Error ? e.message : 'error'}`),
});
kalshi.status$.subscribe(renderState);
kalshi.metrics(500).subscribe((m) => {
  $('health').textContent =
    `messages ${m.messages} · gaps ${m.gaps} · resyncs ${m.resyncs} · reconnects ${m.reconnects} · bad frames ${m.decodeFailures}`;
});
