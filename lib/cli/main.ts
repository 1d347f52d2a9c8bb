#!/usr/bin/env node
/**
 * The `kalshi-rx` command: `demo`, `book`, `stream`, `record`, `replay`, `simulate`.
 *
 * Behaves like a Unix tool: failures are one line on stderr with an exit status (2 bad input, 3
 * key refused, 4 no network, 1 anything else), a closed stdout (`| head`) ends it quietly with 0.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-error.js';
import { parseCommandLine } from './cli-flags.js';
import { HELP } from './cli-help.js';
import { explain } from './cli-support.js';
import { book } from './commands/book.js';
import { demo } from './commands/demo.js';
import { record } from './commands/record.js';
import { replay } from './commands/replay.js';
import { relay } from './commands/relay.js';
import { simulate } from './commands/simulate.js';
import { stream } from './commands/stream.js';

/** The version of the installed package (the nearest package.json named kalshi-rx above this file). */
function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'kalshi-rx' && pkg.version !== undefined) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) return 'unknown';
    dir = up;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const { command, args, flags } = parseCommandLine(argv);
  if (flags.version === true) {
    process.stdout.write(`kalshi-rx ${version()}\n`);
    return 0;
  }
  if (command === undefined || command === 'help') {
    const topic = command === 'help' ? args[0] : undefined;
    if (topic !== undefined && HELP[topic] === undefined) throw new CliError(`unknown command ${topic} (see kalshi-rx --help)`);
    process.stdout.write(`${HELP[topic ?? 'main']}\n`);
    return command === undefined && flags.help !== true ? 2 : 0;
  }
  const help = HELP[command];
  if (help === undefined) throw new CliError(`unknown command ${command} (see kalshi-rx --help)`);
  if (flags.help === true) {
    process.stdout.write(`${help}\n`);
    return 0;
  }
  switch (command) {
    case 'demo':
      await demo(flags);
      break;
    case 'book':
      await book(flags, args);
      break;
    case 'stream':
      await stream(flags, args);
      break;
    case 'record':
      await record(flags, args);
      break;
    case 'replay':
      await replay(flags, args);
      break;
    case 'simulate':
      await simulate(flags);
      break;
    case 'relay':
      await relay(flags);
      break;
  }
  return 0;
}

// A reader that went away (`kalshi-rx stream ticker | head -2`) is the normal end of a pipeline.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  process.stderr.write(`kalshi-rx: cannot write to stdout (${e.code ?? e.message})\n`);
  process.exit(1);
});

main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const err = e instanceof CliError ? e : explain(e, { url: '' });
      process.stderr.write(`kalshi-rx: ${err.message}\n`);
      process.exitCode = err.exitCode;
    },
  )
  .finally(() => {
    // Sockets and timers are closed; make sure a stray handle cannot keep the process alive.
    setTimeout(() => process.exit(), 200).unref();
  });
