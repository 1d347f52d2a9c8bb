import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHANNELS, isChannelName } from '../../lib/channels/channel-names.js';
import { ERROR_CODES, isTerminalErrorCode } from '../../lib/protocol/error-codes.js';

// The channel table and the error table, checked against the protocol reference's own tables
// (§4.2 and §3.7, with the §12 corrections). The reference is vendored in spec/fixtures/protocol
// so the suite stands alone; when the shared copy sits beside the repo, the two must be equal.
const here = dirname(fileURLToPath(import.meta.url));
const vendored = join(here, '../fixtures/protocol/kalshi-ws.md');
const shared = join(here, '../../../shared/protocol/kalshi-ws.md');
const reference = readFileSync(vendored, 'utf8');

/** The rows of the first markdown table after `heading`. */
function tableAfter(heading: string): string[][] {
  const lines = reference.slice(reference.indexOf(heading)).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

const ticks = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
// §12: "trade messages carry seq, and so do all communications messages"; pyth_value is sequenced.
const SEQUENCED_BY_SECTION_12 = new Set(['trade', 'communications', 'pyth_value']);

describe('the channel table conforms to the reference (§4.2, §12)', () => {
  const rows = tableAfter('### 4.2 Channel table').filter((r) => !(r[0] ?? '').startsWith('~~'));
  const channels = rows.flatMap((r) => {
    const names = ticks(r[0] ?? '');
    // `cfbenchmarks_value` (+`_5hz`) is one row for two channels.
    return (r[0] ?? '').includes('+`_5hz`') ? [[names[0] as string, r] as const, [`${names[0]}_5hz`, r] as const] : [[names[0] as string, r] as const];
  });

  it('names every channel of the reference, and no other', () => {
    expect(channels.map(([n]) => n).sort()).toEqual(Object.keys(CHANNELS).sort());
  });

  it.each(channels)('%s: private, market filter, message types, seq and update actions as the reference says', (name, [, priv, filter, types, seq, actions]) => {
    expect(isChannelName(name)).toBe(true);
    if (!isChannelName(name)) return;
    const info = CHANNELS[name];
    if (priv?.startsWith('Yes')) expect(info.private).toBe(true);
    if (priv?.startsWith('No')) expect(info.private).toBe(false);
    const expectedFilter = /Required/.test(filter ?? '') ? 'required' : /^Optional/.test(filter ?? '') ? 'optional' : 'none';
    expect(info.marketFilter).toBe(expectedFilter);
    for (const type of ticks(types ?? '').filter((x) => /^[a-z0-9_]+$/.test(x))) expect(info.messageTypes).toContain(type);
    const sequenced = /\*\*Yes\*\*|likely yes/.test(seq ?? '') || SEQUENCED_BY_SECTION_12.has(name);
    expect(info.sequenced).toBe(sequenced);
    const documented = (actions ?? '').replace('add/delete', 'add_markets, delete_markets');
    const named = [...documented.matchAll(/[a-z]+_[a-z_]+|indexlist/g)].map((m) => m[0]).filter((a) => a !== 'send_initial_snapshot');
    expect([...info.updateActions].sort()).toEqual([...new Set(named)].sort());
  });
});

describe('the error table conforms to the reference (§3.7)', () => {
  const rows = tableAfter('### 3.7 Error codes');

  it('has every code of the reference, with its exact message and retired flag', () => {
    expect([...ERROR_CODES.keys()]).toEqual(rows.map((r) => Number(r[0])));
    for (const [code, message, , status] of rows) {
      const info = ERROR_CODES.get(Number(code));
      const retired = (message ?? '').startsWith('~~');
      expect(info?.retired, `code ${code}`).toBe(retired);
      const text = (message ?? '').replace(/~~/g, '');
      if (!text.startsWith('(')) expect(info?.message, `code ${code}`).toBe(text); // 29: exact message unknown
      expect(status).toBeDefined();
    }
  });

  it('marks exactly the codes the reference calls terminal (10 and 25)', () => {
    const terminal = rows.filter((r) => /\*\*Terminal\*\*/.test(r[2] ?? '')).map((r) => Number(r[0]));
    expect(terminal).toEqual([10, 25]);
    expect([...ERROR_CODES.keys()].filter(isTerminalErrorCode)).toEqual(terminal);
  });
});

describe('the vendored reference', () => {
  it.runIf(existsSync(shared))('equals the shared reference beside the repo', () => {
    expect(reference).toBe(readFileSync(shared, 'utf8'));
  });
});
