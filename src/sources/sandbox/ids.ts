// Sandbox ids look like TikTok's (numeric strings of 19 digits) and are derived from the seed and the
// entity's place in the scenario, so a re-seeded demo keeps the ids that links and tests refer to.
import { hash32 } from './random.ts';

export function sandboxId(seed: number, path: string): string {
  const a = hash32(`${seed}:${path}`).toString().padStart(10, '0');
  const b = hash32(`${path}:${seed}:b`).toString().padStart(10, '0');
  return `7${a.slice(1)}${b.slice(1)}`.slice(0, 19);
}
