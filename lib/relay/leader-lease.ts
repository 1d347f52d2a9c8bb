/**
 * Leader election for relays of one namespace: a lease in a JetStream KV bucket whose entries
 * expire after `ttlMs` (bucket max age). A relay leads while it holds the `leader` key: it takes
 * the key with `create` (fails while another holds it), renews it every `ttlMs / 3` with a
 * compare-and-set `update` on the revision it wrote, and steps down when a renewal fails. A
 * relay that dies stops renewing; the key expires and a standby's `create` succeeds. Each new
 * leader takes the next **epoch** (a CAS counter in the books bucket, which does not expire), and
 * stamps it on everything it publishes, so consumers drop anything from an older leader.
 *
 * Why KV and not a home-made protocol: JetStream KV is replicated, its `create` and revision
 * `update` are atomic on the server, and expiry needs no cooperation from a dead process.
 *
 * @module
 */
import type { KV } from '@nats-io/kv';

/** What the lease reports. */
export interface LeaseEvents {
  /** This relay now leads with `epoch`. */
  onLead(epoch: number): void;
  /** This relay lost the lease (a renewal failed). */
  onLose(): void;
}

/** A running lease loop. */
export interface LeaderLease {
  readonly leading: boolean;
  readonly epoch: number;
  /** Stops campaigning; a leader deletes its key so a standby takes over at once. */
  stop(): Promise<void>;
}

/** Campaigns for the lease in `lease` (a bucket with max age `ttlMs`), with the epoch counter in `books`. */
export function campaign(lease: KV, books: KV, id: string, ttlMs: number, epochKey: string, leaderKey: string, events: LeaseEvents): LeaderLease {
  let leading = false;
  let epoch = 0;
  let revision = 0;
  let stopped = false;
  let busy = false;

  const nextEpoch = async (): Promise<number> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await books.get(epochKey);
      const value = current === null ? 0 : Number(current.string());
      try {
        if (current === null || current.operation !== 'PUT') await books.create(epochKey, String(value + 1));
        else await books.update(epochKey, String(value + 1), current.revision);
        return value + 1;
      } catch {
        // Another relay moved the counter in between: read again (bounded).
      }
    }
    throw new Error('could not take the next relay epoch');
  };

  const tick = async (): Promise<void> => {
    if (busy || stopped) return;
    busy = true;
    try {
      if (leading) {
        try {
          revision = await lease.update(leaderKey, JSON.stringify({ id, e: epoch }), revision);
        } catch {
          leading = false;
          events.onLose();
        }
        return;
      }
      try {
        revision = await lease.create(leaderKey, JSON.stringify({ id, e: 0 }));
      } catch {
        return; // someone else leads
      }
      epoch = await nextEpoch();
      revision = await lease.update(leaderKey, JSON.stringify({ id, e: epoch }), revision);
      leading = true;
      events.onLead(epoch);
    } catch {
      // NATS unavailable for a moment: try again on the next tick.
    } finally {
      busy = false;
    }
  };

  const timer = setInterval(() => void tick(), Math.max(50, Math.floor(ttlMs / 3)));
  void tick();
  return {
    get leading() {
      return leading;
    },
    get epoch() {
      return epoch;
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (leading) {
        leading = false;
        await lease.delete(leaderKey, { previousSeq: revision }).catch(() => undefined);
      }
    },
  };
}
