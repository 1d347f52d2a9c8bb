// Bundled by esbuild for the browser test: the public API, driven from the page.
import { connect, type OrderBook } from '../../lib/index.js';

declare global {
  interface Window {
    kalshiBook: (url: string, market: string) => void;
    latestBook?: { status: string; yes: readonly (readonly string[])[]; no: readonly (readonly string[])[] };
    bookCount: number;
  }
}

window.bookCount = 0;
window.kalshiBook = (url, market) => {
  const kalshi = connect({ url });
  kalshi.orderbook(market).subscribe((b: OrderBook) => {
    window.bookCount++;
    window.latestBook = { status: b.status, yes: b.yes, no: b.no };
  });
};
