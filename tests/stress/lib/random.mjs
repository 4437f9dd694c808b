// A seeded PRNG (mulberry32) for every choice the stress test makes, so that a
// failing run's choices can be replayed with --seed. Timing still varies from
// run to run: the seed fixes what is done, not when the server gets to it.

import { randomInt } from "node:crypto";

/** A fresh seed, small enough to type back in. */
export const newSeed = () => randomInt(1, 2 ** 31 - 1);

export class Random {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks a key of `weights` ({name: weight}) in proportion to its weight. */
  weighted(weights) {
    const entries = Object.entries(weights);
    let r = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [name, w] of entries) {
      r -= w;
      if (r < 0) return name;
    }
    return entries.at(-1)[0];
  }

  /** A generator of its own, so that concurrent workers draw independent streams. */
  fork() {
    return new Random(Math.floor(this.next() * 2 ** 32));
  }

  bytes(n) {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/**
 * A random, short delay: the only waiting the stress test does on purpose, to
 * vary where in the server's work a disconnect lands. Mixes "at once"
 * (undefined: the caller goes on synchronously, `if (wait) await wait`), the
 * next microtask, the next macrotask and timers of 0–maxMs.
 */
export function jitter(rng, maxMs = 8) {
  switch (rng.weighted({ sync: 2, microtask: 2, immediate: 3, timer: 5 })) {
    case "sync":
      return undefined;
    case "microtask":
      return Promise.resolve();
    case "immediate":
      return new Promise((resolve) => setImmediate(resolve));
    default:
      return new Promise((resolve) => setTimeout(resolve, rng.int(0, maxMs)));
  }
}

