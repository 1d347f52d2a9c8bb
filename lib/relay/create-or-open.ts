/**
 * Create-or-open for JetStream streams and KV buckets that several processes make at once.
 * `Kvm.create()` looks the stream up and adds it when missing; two relays and a consumer
 * starting together can both miss it, and nats-server (2.9, standalone) then refuses the later
 * add with `subjects overlap with an existing stream` although the stream it overlaps is the
 * very one being asked for. Seen in CI: 2 of 4,000 concurrent creates on a loaded machine.
 * Trying again finds the stream and opens it.
 *
 * @module
 */

/** Replies that mean "someone else is creating this right now": worth one more look. */
const RACE_REPLY = /subjects overlap with an existing stream|stream name already in use|stream not found/i;

/** Retry budget of {@link createOrOpen}. */
export interface CreateOrOpenOptions {
  /** Tries in all (default 5). */
  readonly attempts?: number;
  /** Wait before the second try; doubles each time (default 10 ms). */
  readonly delayMs?: number;
  /** The wait (tests pass their own). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `create` until it succeeds, trying again (a bounded number of times, with backoff) only
 * when JetStream's reply says another client is making the same stream. Any other failure, or
 * the last one, is thrown with `what` in the message.
 */
export async function createOrOpen<T>(what: string, create: () => Promise<T>, options: CreateOrOpenOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const sleep = options.sleep ?? wait;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`createOrOpen: attempts must be a positive integer, got ${attempts}`);
  let delay = options.delayMs ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const race = RACE_REPLY.test(message);
      if (!race || attempt === attempts) {
        const why = race ? `still refused after ${attempts} tries` : 'refused';
        throw new Error(`${what}: ${why}: ${message}`, { cause: err });
      }
      await sleep(delay);
      delay *= 2;
    }
  }
}
