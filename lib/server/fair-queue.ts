// A queue with one lane per key (an organisation, for tenant work), served round-robin: one
// tenant's burst costs a newly queued job of another tenant at most one job per busy tenant,
// instead of the whole burst. Items queued without a key share one lane. Pure, so it is tested
// on its own and both the export queue and the worker-thread queue use it.

const SHARED_LANE = Symbol("shared lane");
type TLaneKey = string | typeof SHARED_LANE;

export type TFairQueue<T> = {
  push(item: T, key?: string): void;
  /** The next item: from the lane after the one served last, in the order lanes became busy. */
  shift(): T | undefined;
  readonly size: number;
  /** Every queued item, in no particular order (for heartbeats). */
  values(): T[];
};

export function createFairQueue<T>(): TFairQueue<T> {
  // A Map iterates in insertion order: the first key is the lane whose turn is next.
  const lanes = new Map<TLaneKey, T[]>();
  let lastServed: TLaneKey | undefined;
  let size = 0;

  return {
    push(item, key) {
      const laneKey = key ?? SHARED_LANE;
      const lane = lanes.get(laneKey);
      if (lane) lane.push(item);
      else lanes.set(laneKey, [item]);
      size++;
    },
    shift() {
      // The lane served last goes to the back only now, so a lane that became busy since (while
      // that job ran) is served before the last lane's next item, not after.
      if (lastServed !== undefined) {
        const lane = lanes.get(lastServed);
        if (lane) {
          lanes.delete(lastServed);
          lanes.set(lastServed, lane);
        }
        lastServed = undefined;
      }
      const next = lanes.entries().next();
      if (next.done) return undefined;
      const [laneKey, lane] = next.value;
      const item = lane.shift()!;
      // Remembered even when its lane is now empty: more of that key queued while this item runs
      // still waits behind the lanes that were already waiting.
      if (lane.length === 0) lanes.delete(laneKey);
      lastServed = laneKey;
      size--;
      return item;
    },
    get size() {
      return size;
    },
    values() {
      return [...lanes.values()].flat();
    },
  };
}
