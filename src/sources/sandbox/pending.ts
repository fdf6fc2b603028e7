// Events the sandbox has decided but that happen later (a purchase days after the click, a refund weeks
// after the order), kept in order of when they fall due. Stored with each day's facts, so a run resumed
// later picks them up where it left off.
export interface PendingItem<T> {
  due: number;
  /** Ties on `due` are broken by the order in which items were decided, so runs are deterministic. */
  seq: number;
  item: T;
}

export class PendingQueue<T> {
  private heap: PendingItem<T>[] = [];
  private nextSeq = 0;

  constructor(items: PendingItem<T>[] = []) {
    for (const entry of items) this.insert(entry);
    this.nextSeq = items.reduce((max, e) => Math.max(max, e.seq + 1), 0);
  }

  get size(): number {
    return this.heap.length;
  }

  push(due: number, item: T): void {
    this.insert({ due, seq: this.nextSeq++, item });
  }

  /** Removes and returns the next item due before `until`, or null. */
  popBefore(until: number): PendingItem<T> | null {
    const top = this.heap[0];
    if (!top || top.due >= until) return null;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Everything still to come, in due order. */
  entries(): PendingItem<T>[] {
    return [...this.heap].sort(before);
  }

  private insert(entry: PendingItem<T>): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(heap[parent]!, heap[i]!) <= 0) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!) < 0) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!) < 0) smallest = right;
      if (smallest === i) return;
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
}

function before<T>(a: PendingItem<T>, b: PendingItem<T>): number {
  return a.due - b.due || a.seq - b.seq;
}
