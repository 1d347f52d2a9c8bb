#!/usr/bin/env node
/**
 * The `kalshi-rx` command: `demo`, `book`, `stream`, `record`, `replay`, `simulate`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { CliError } from './cli-error.js';
import { type Flags, options } from './cli-flags.js';
import { HELP } from './cli-help.js';
import { explain } from './cli-support.js';
import { book } from './commands/book.js';
import { demo } from './commands/demo.js';
import { record } from './commands/record.js';
import { replay } from './commands/replay.js';
import { simulate } from './commands/simulate.js';
import { stream } from './commands/stream.js';

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message.split('\n')[0]} (see kalshi-rx --help)`);
  }
  const flags = parsed.values as Flags;
  const [command, ...args] = parsed.positionals;
  if (command === undefined || command === 'help') {
    process.stdout.write(`${HELP['main']}\n`);
    return command === undefined && flags.help !== true ? 2 : 0;
  }
  const help = HELP[command];
  if (help === undefined) throw new CliError(`unknown command ${command} (see kalshi-rx --help)`);
  if (flags.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  switch (command) {
    case 'demo': await demo(flags); break;
    case 'book': await book(flags, args); break;
    case 'stream': await stream(flags, args); break;
    case 'record': await record(flags, args); break;
    case 'replay': await replay(flags, args); break;
    case 'simulate': await simulate(flags); break;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (e: unknown) => {
    const err = e instanceof CliError ? e : explain(e, '');
    process.stderr.write(`kalshi-rx: ${err.message}\n`);
    process.exitCode = err.exitCode;
  },
).finally(() => {
  // Sockets and timers are closed; make sure a stray handle cannot keep the process alive.
  setTimeout(() => process.exit(), 200).unref();
});
