import { McpRefusal } from '../errors/refusals.js';

/**
 * Calls in flight (tools, prompts, resources), counted per caller: a call
 * may wait long (a slow tool, a user answering a form), and one caller must
 * not be able to make the server hold an unbounded number of them. Past the
 * bound, a new call is refused at once; the caller's others go on.
 */
export class CallsPerCaller {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** The most calls any one caller has in flight. */
  most(): number {
    let most = 0;
    for (const count of this.counts.values()) most = Math.max(most, count);
    return most;
  }

  /** Counts a call of `caller`, or throws its refusal; call the returned function when it ends. */
  begin(caller: string): () => void {
    const count = this.counts.get(caller) ?? 0;
    if (count >= this.max) {
      throw new McpRefusal('tooManyRequests', `Too many calls in flight for this caller (at most ${this.max})`);
    }
    this.counts.set(caller, count + 1);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const left = this.counts.get(caller)! - 1;
      if (left === 0) this.counts.delete(caller);
      else this.counts.set(caller, left);
    };
  }
}
