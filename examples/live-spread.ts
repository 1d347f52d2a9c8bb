/**
 * Prints the live spread between the best YES bids of two markets, using combineLatest over
 * two order books, against the embedded simulator (or pass a URL as the first argument).
 *
 * Run: npx vitest run spec/examples (runs this file), or compile it with your own build.
 */
import { combineLatest, filter, take } from 'rxjs';
import { connect, formatPrice, type Price } from '../lib/index.js';
import { startSimulator } from '../lib/simulator/index.js';

const sim = await startSimulator({ markets: ['KXDEMO-A', 'KXDEMO-B'] });
const kalshi = connect({ url: process.argv[2] ?? sim.url });

combineLatest([kalshi.orderbook('KXDEMO-A'), kalshi.orderbook('KXDEMO-B')])
  .pipe(
    filter(([a, b]) => a.status === 'live' && b.status === 'live'),
    take(20),
  )
  .subscribe({
    next: ([a, b]) => {
      const diff = (a.bestYesBid ?? 0) - (b.bestYesBid ?? 0);
      console.log(
        `A ${formatPrice(a.bestYesBid ?? (0 as Price))}  B ${formatPrice(b.bestYesBid ?? (0 as Price))}  A−B ${diff < 0 ? '-' : ''}${formatPrice(Math.abs(diff) as Price)}`,
      );
    },
    complete: () => {
      kalshi.close();
      void sim.close();
    },
  });
