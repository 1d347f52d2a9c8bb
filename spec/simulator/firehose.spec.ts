import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { layOutTextFrames } from '../../lib/simulator/firehose.js';

// ws's frame parser (exported at runtime, absent from @types/ws).
interface FrameReceiver {
  on(event: 'message', listener: (data: Buffer) => void): void;
  write(chunk: Buffer, callback: (e?: Error | null) => void): void;
}
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => FrameReceiver };

describe('layOutTextFrames', () => {
  it('writes text frames that a WebSocket receiver reads back, for 7-, 16- and 64-bit lengths, with their offsets', async () => {
    const texts = ['{"a":1}', `{"pad":"${'x'.repeat(300)}"}`, `{"pad":"${'y'.repeat(70_000)}"}`];
    const offsets = new Float64Array(texts.length + 1);
    const buf = layOutTextFrames(texts, offsets);
    expect(offsets[3]).toBe(buf.length);
    expect([...offsets.slice(0, 3)]).toEqual([0, 2 + 7, 2 + 7 + 4 + texts[1]!.length]);
    const got: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data) => got.push(data.toString()));
    await new Promise<void>((resolve, reject) => receiver.write(buf, (e) => (e ? reject(e) : resolve())));
    expect(got).toEqual(texts);
  });
});
