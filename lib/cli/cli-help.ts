/**
 * Help texts of the `kalshi-rx` command.
 *
 * @module
 */
import { CHANNELS } from '../channels/channel-names.js';
import { SIMULATOR_SILENT_CHANNELS } from './simulator-coverage.js';

/** The endpoint flags every networked command takes. */
export const ENDPOINT_HELP = `Endpoint (default: the embedded simulator when no key is configured; a notice on stderr says so):
  --simulator              use the embedded local simulator (no account, no network)
  --env demo|prod          Kalshi demo or production
  --url <wss-url>          any endpoint
  --key-id <id>            API key id      (or KALSHI_API_KEY_ID)
  --private-key <file>     RSA private key (or KALSHI_PRIVATE_KEY_PATH)`;

/** Usage of each command (and of the command itself under `main`). */
export const HELP: Record<string, string> = {
  main: `kalshi-rx: the Kalshi Trade API WebSocket as RxJS streams

Usage: kalshi-rx <command> [options]

Commands:
  demo                     live book against the embedded simulator, with faults injected
  book <ticker>            live book view of one market
  stream <channel>         NDJSON of decoded messages on stdout
  record <file> <channel>  record raw frames with timestamps as NDJSON
  replay <file>            replay a recording through the decoder and book pipeline
  simulate                 run the local Kalshi simulator until stopped
  relay                    fan books, tickers and trades out over NATS JetStream

Options: -h, --help (also per command), -V, --version

Run kalshi-rx <command> --help for the options of a command. Failures print one line on stderr
and exit 2 (bad input), 3 (key refused), 4 (endpoint unreachable) or 1.`,
  demo: `Usage: kalshi-rx demo [--market T] [--duration S] [--fault-every S] [--seed N]

Starts the embedded simulator and shows a live book with trades, a status line and the last few
events. Every few seconds (--fault-every) it injects a fault (dropped connection, lost message):
the status line shows reconnecting / stale, resyncing while it lasts (held for at least a
second), and after each recovery the book is checked against the simulator's truth. When stdout
is not a terminal: a status line a second plus one line per fault and per recovery. Ends (Ctrl-C
or --duration) with a one-line summary: faults injected, recoveries, books equal to the truth.`,
  book: `Usage: kalshi-rx book <ticker> [--duration S] [endpoint options]
       kalshi-rx book --markets-file F [--pool N] [--duration S] [endpoint options]

With --markets-file (one ticker per line, # comments), keeps the book of every market live over
a pool of up to N sockets (default 4; markets spread evenly, and the pool learns a lower
per-subscription limit from error 26) and prints one line a second: books live, sockets and
markets per socket, commands, messages, reconnects. The embedded simulator serves the file's
markets.

${ENDPOINT_HELP}`,
  stream: `Usage: kalshi-rx stream <channel> [--market T]... [--limit N] [endpoint options]

Channels: ${Object.keys(CHANNELS).join(', ')}
The embedded simulator does not model: ${SIMULATOR_SILENT_CHANNELS.join(', ')}.
--limit N stops after N messages; --duration S after S seconds.

${ENDPOINT_HELP}`,
  record: `Usage: kalshi-rx record <file> <channel> [--market T]... [--limit N] [--duration S] [endpoint options]

Writes every raw frame received, with its time, as NDJSON lines {"t": ms, "frame": "..."}.

${ENDPOINT_HELP}`,
  replay: `Usage: kalshi-rx replay <file> [--speed N] [--book T]

Replays a recording through the same decoding and book pipeline: prints NDJSON of the decoded
messages, or with --book the final book of that market. --speed 1 is the recorded speed
(default: as fast as possible).`,
  relay: `Usage: kalshi-rx relay --nats nats://HOST:PORT --market T [--market T …] [--namespace NS] [--duration S] [endpoint options]

Holds one Kalshi connection and publishes its books (exact integer level updates with a relay
sequence, and the current book in a KV bucket), tickers, trades and lifecycle on NATS JetStream
subjects (docs/relay.md). Run two or more for failover: one leads (a KV lease), the others stand
by. Prints one status line a second. Needs nats-server -js and the @nats-io/transport-node,
@nats-io/jetstream and @nats-io/kv packages.

  --nats URL         the NATS server (nats://127.0.0.1:4222)
  --market T         a market to relay (repeat for more)
  --namespace NS     subjects and buckets of this exchange account (default prod; [a-z0-9_-])
  --duration S       stop after S seconds (default: until Ctrl-C)
`,
  simulate: `Usage: kalshi-rx simulate [--port N] [--seed S] [--markets A,B,C] [--tick-ms N] [--ping-ms N]

Runs the local Kalshi simulator on 127.0.0.1 and prints its URL. Ctrl-C stops it.`,
};
