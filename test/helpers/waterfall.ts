// The reconciliation's invariant: each step is the sum of its rows' effects, each running total the one
// before plus the step, and each total after the first is where the steps lead.
import { expect } from 'vitest';
import type { WaterfallBar } from '../../src/shared/reconciliation-api.ts';

export function expectChainAddsUp(bars: WaterfallBar[]): void {
  let running = 0;
  for (const [i, bar] of bars.entries()) {
    if (bar.kind === 'step') {
      expect(bar.value, bar.id).toBe(bar.rows.reduce((s, r) => s + r.effect, 0));
      running += bar.value;
    } else if (i === 0) {
      running = bar.value;
    } else {
      expect(bar.value, `${bar.id} is where the steps lead`).toBe(running);
    }
    expect(bar.running, bar.id).toBe(running);
  }
}
