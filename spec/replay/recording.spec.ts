import { describe, expect, it } from 'vitest';
import { parseRecording, recordLine } from '../../lib/replay/recording.js';

describe('recordings', () => {
  it('round-trip frames with their times as NDJSON', () => {
    const text = recordLine(0, '{"type":"ok"}') + recordLine(12, 'not json at all') + '\n';
    expect(parseRecording(text)).toEqual([{ t: 0, frame: '{"type":"ok"}' }, { t: 12, frame: 'not json at all' }]);
  });

  it('names the bad line', () => {
    expect(() => parseRecording(`${recordLine(0, 'x')}{"t":"soon"}\n`)).toThrow(/line 2 needs/);
    expect(() => parseRecording('{oops\n')).toThrow(/line 1 is not JSON/);
  });
});
