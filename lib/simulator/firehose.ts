/**
 * The simulator's firehose for benchmarks: pre-serialized `orderbook_delta` frames laid out with
 * their WebSocket headers in large buffers and written straight to the TCP socket.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { SimConn, SimSub } from './sim-state.js';

/**
 * Sends `count` delta frames to one subscription: `bodies` alternate (a +/− pair keeps the book
 * unchanged), seq continues the subscription's counter. Resolves when all are written.
 */
export async function writeFirehose(c: SimConn, s: SimSub, bodies: readonly [string, string], count: number): Promise<void> {
  const tcp = (c.ws as unknown as { _socket?: Socket })._socket;
  const prefix = `{"type":"orderbook_delta","sid":${s.sid},"seq":`;
  const chunks: Buffer[] = [];
  const texts: string[] = [];
  for (let sent = 0; sent < count; sent += 2048) {
    const batch = Math.min(count - sent, 2048);
    texts.length = 0;
    for (let i = 0; i < batch; i++) texts.push(`${prefix}${++s.seq},"msg":${bodies[(sent + i) & 1]}}`);
    if (tcp === undefined) {
      for (const t of texts) c.ws.send(t);
      continue;
    }
    chunks.push(layOutTextFrames(texts));
  }
  for (const buf of chunks) {
    if (c.ws.readyState !== WebSocket.OPEN || tcp === undefined) break;
    if (!tcp.write(buf)) await new Promise((r) => tcp.once('drain', r));
  }
}

/**
 * Lays `texts` (ASCII JSON) out as unmasked server-to-client WebSocket text frames in one buffer,
 * each with its header (7-, 16- or 64-bit length). `offsets`, when given, receives the start of
 * each frame and, last, the end of the buffer.
 */
export function layOutTextFrames(texts: readonly string[], offsets?: Float64Array): Buffer {
  let bytes = 0;
  for (const t of texts) bytes += t.length + (t.length < 126 ? 2 : t.length < 65_536 ? 4 : 10);
  const buf = Buffer.allocUnsafe(bytes);
  let o = 0;
  texts.forEach((t, i) => {
    if (offsets !== undefined) offsets[i] = o;
    buf[o++] = 0x81; // FIN + text frame, unmasked (server to client)
    if (t.length < 126) buf[o++] = t.length;
    else if (t.length < 65_536) {
      buf[o++] = 126;
      buf.writeUInt16BE(t.length, o);
      o += 2;
    } else {
      buf[o++] = 127;
      buf.writeBigUInt64BE(BigInt(t.length), o);
      o += 8;
    }
    o += buf.write(t, o, 'latin1');
  });
  if (offsets !== undefined) offsets[texts.length] = o;
  return buf;
}
