// What the sandbox remembers between runs, rebuilt from the warehouse itself so that a resumed simulation
// continues exactly where the stored facts end: who saw which ad how often, and what was spent.
import { ParamAllocator } from '../../warehouse/dialect.ts';
import type { FactStore } from '../../warehouse/fact-store.ts';
import { FACT_TABLES, type ReachColumns } from '../../warehouse/schema.ts';
import { SEGMENT_BITS } from './population.ts';

/**
 * Slot layout in `AdPeople.slots`: the person's index in their segment, their segment's index + 1 (0 marks
 * a free slot, so a new table needs no filling), their impressions, and where they are on today's list
 * (valid only if that list entry points back at the slot).
 */
const STRIDE = 4;
const LOCAL = 0;
const SEGMENT = 1;
const COUNT = 2;
const TODAY = 3;
/** Entry layout on today's list: the person's slot, index in segment, segment, impressions today. */
const ENTRY = 4;
const ENTRY_SLOT = 0;
const ENTRY_LOCAL = 1;
const ENTRY_SEGMENT = 2;
const ENTRY_COUNT = 3;
const FREE = 0;
/** `TODAY` of a person not on the list yet. */
const UNLISTED = 0x7fffffff;
const MAX_LOAD = 0.7;

/**
 * The people one ad has reached and how often each saw it, with today's people listed apart so that the
 * day's reach rows come straight from the list. Open addressing over one Int32Array (four numbers per slot,
 * side by side in memory), so millions of people cost no garbage-collected objects and an impression one
 * probe. Today's list is a sparse set: a slot's list position from an earlier day fails the check that the
 * entry there points back at the slot, so nothing has to be cleared when a day ends.
 */
export class AdPeople {
  /** Distinct people reached so far. */
  size = 0;
  /** Impressions so far. */
  impressions = 0;
  private slots: Int32Array;
  private mask: number;
  /** A person's search starts at the top bits of their hash (see `grow`). */
  private shift: number;
  private limit: number;
  /** Today's people, in the order they were first reached. */
  private today = new Int32Array(64 * ENTRY);
  private todayCount = 0;
  /** What `prefetch` read, kept so that its reads are not optimised away. */
  private fetched = 0;

  constructor(capacity = 64) {
    let slots = 16;
    while (slots * MAX_LOAD < capacity) slots *= 2;
    this.slots = new Int32Array(slots * STRIDE);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
    this.limit = Math.floor(slots * MAX_LOAD);
  }

  /**
   * Records an impression to the person at `index` in the segment with index `segment`; returns how many
   * times they had seen the ad before.
   */
  see(index: number, segment: number): number {
    if (this.size >= this.limit) this.grow();
    // Stored as int32: indexes of 2^31 and above (no segment is that large) read back unsigned.
    const local = index | 0;
    const tag = segment + 1;
    const slots = this.slots;
    let i = slotHash(local, tag) >>> this.shift;
    for (;;) {
      const at = i * STRIDE;
      const s = slots[at + SEGMENT]!;
      if (s === tag && slots[at + LOCAL] === local) {
        const before = slots[at + COUNT]!;
        slots[at + COUNT] = before + 1;
        const k = slots[at + TODAY]!;
        if (k < this.todayCount && this.today[k * ENTRY + ENTRY_SLOT] === i) {
          this.today[k * ENTRY + ENTRY_COUNT]!++;
        } else {
          slots[at + TODAY] = this.listToday(i, local, segment);
        }
        this.impressions++;
        return before;
      }
      if (s === FREE) {
        slots[at + LOCAL] = local;
        slots[at + SEGMENT] = tag;
        slots[at + COUNT] = 1;
        slots[at + TODAY] = this.listToday(i, local, segment);
        this.size++;
        this.impressions++;
        return 0;
      }
      i = (i + 1) & this.mask;
    }
  }

  /**
   * Reads the table where each of the first `n` people would be, and nothing else: reading them back to
   * back lets the memory fetch them at once, instead of one cache miss after another between impressions.
   */
  prefetch(locals: Int32Array, segments: Int32Array, n: number): void {
    const slots = this.slots;
    const shift = this.shift;
    let any = 0;
    for (let k = 0; k < n; k++)
      any |= slots[(slotHash(locals[k]!, segments[k]! + 1) >>> shift) * STRIDE + SEGMENT]!;
    this.fetched = any;
  }

  /** Adds a person's impressions from an earlier run (not counted as today's). */
  restore(person: number, impressions: number): void {
    if (this.size >= this.limit) this.grow();
    const local = (person % SEGMENT_BITS) | 0;
    const tag = Math.floor(person / SEGMENT_BITS) + 1;
    const slots = this.slots;
    let i = slotHash(local, tag) >>> this.shift;
    for (;;) {
      const at = i * STRIDE;
      const s = slots[at + SEGMENT]!;
      if (s === tag && slots[at + LOCAL] === local) {
        slots[at + COUNT] = slots[at + COUNT]! + impressions;
        break;
      }
      if (s === FREE) {
        slots[at + LOCAL] = local;
        slots[at + SEGMENT] = tag;
        slots[at + COUNT] = impressions;
        slots[at + TODAY] = UNLISTED;
        this.size++;
        break;
      }
      i = (i + 1) & this.mask;
    }
    this.impressions += impressions;
  }

  /** Appends one reach row per person reached today (person id and today's impressions), and starts a new day. */
  takeToday(reach: ReachColumns, adKey: number, day: number): void {
    const n = this.todayCount;
    if (n === 0) return;
    const start = reach.grow(n);
    const { adKeys, days, persons, impressions } = reach;
    const today = this.today;
    for (let k = 0; k < n; k++) {
      const at = k * ENTRY;
      const row = start + k;
      adKeys[row] = adKey;
      days[row] = day;
      persons[row] = today[at + ENTRY_SEGMENT]! * SEGMENT_BITS + (today[at + ENTRY_LOCAL]! >>> 0);
      impressions[row] = today[at + ENTRY_COUNT]!;
    }
    this.todayCount = 0;
  }

  /** Puts a person on today's list with one impression; returns their position on it. */
  private listToday(slot: number, local: number, segment: number): number {
    const k = this.todayCount++;
    if (k * ENTRY === this.today.length) {
      const longer = new Int32Array(this.today.length * 2);
      longer.set(this.today);
      this.today = longer;
    }
    const at = k * ENTRY;
    this.today[at + ENTRY_SLOT] = slot;
    this.today[at + ENTRY_LOCAL] = local;
    this.today[at + ENTRY_SEGMENT] = segment;
    this.today[at + ENTRY_COUNT] = 1;
    return k;
  }

  /**
   * Doubles the table. A person's place follows the top bits of their hash, so the old slots, read in
   * order, land in the new table in order too: memory is written front to back, not at random.
   */
  private grow(): void {
    const old = this.slots;
    const slots = (old.length / STRIDE) * 2;
    const next = new Int32Array(slots * STRIDE);
    const mask = slots - 1;
    const shift = this.shift - 1;
    // Where each old slot went, for today's list.
    const moved = new Int32Array(old.length / STRIDE);
    for (let from = 0; from < moved.length; from++) {
      const at = from * STRIDE;
      const tag = old[at + SEGMENT]!;
      if (tag === FREE) continue;
      const local = old[at + LOCAL]!;
      let i = slotHash(local, tag) >>> shift;
      while (next[i * STRIDE + SEGMENT] !== FREE) i = (i + 1) & mask;
      const to = i * STRIDE;
      next[to + LOCAL] = local;
      next[to + SEGMENT] = tag;
      next[to + COUNT] = old[at + COUNT]!;
      next[to + TODAY] = old[at + TODAY]!;
      moved[from] = i;
    }
    for (let k = 0; k < this.todayCount; k++) {
      this.today[k * ENTRY + ENTRY_SLOT] = moved[this.today[k * ENTRY + ENTRY_SLOT]!]!;
    }
    this.slots = next;
    this.mask = mask;
    this.shift = shift;
    this.limit = Math.floor(slots * MAX_LOAD);
  }
}

/** A person's 32-bit hash, from their index in segment and their segment's tag (index + 1). */
function slotHash(local: number, tag: number): number {
  let h = Math.imul(local ^ Math.imul(tag, 0x27d4eb2d), 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

export interface RunState {
  ads: Map<string, AdPeople>;
  lifetimeSpendMicros: Map<string, number>; // by adgroup_id and campaign_id
}

export function adState(state: RunState, adId: string): AdPeople {
  let s = state.ads.get(adId);
  if (!s) {
    s = new AdPeople();
    state.ads.set(adId, s);
  }
  return s;
}

export async function loadRunState(facts: FactStore, advertiserId: string): Promise<RunState> {
  const state: RunState = { ads: new Map(), lifetimeSpendMicros: new Map() };
  const p = new ParamAllocator(facts.dialect);
  const adv = p.add(advertiserId);
  // One row per ad with its people and their impressions as two lists: millions of people would be
  // millions of row objects otherwise. Person ids are below 2^53, so a DOUBLE holds them exactly.
  const exposures = await facts.query({
    text: `SELECT ad_id, COUNT(*) AS people, list(CAST(person_id AS DOUBLE)) AS persons, list(n) AS impressions FROM (
             SELECT k.ad_id, r.person_id, CAST(SUM(r.impressions) AS DOUBLE) AS n FROM ${FACT_TABLES.reach} r
             JOIN ${FACT_TABLES.adKeys} k ON k.ad_key = r.ad_key WHERE k.advertiser_id = ${adv} GROUP BY k.ad_id, r.person_id)
           GROUP BY ad_id`,
    values: p.values,
  });
  for (const row of exposures) {
    const persons = row.persons as number[];
    const impressions = row.impressions as number[];
    const people = new AdPeople(Number(row.people));
    for (let i = 0; i < persons.length; i++) people.restore(persons[i]!, impressions[i]!);
    state.ads.set(String(row.ad_id), people);
  }
  const spend = await facts.query({
    text: `SELECT adgroup_id, campaign_id, SUM(spend_micros) AS spend FROM ${FACT_TABLES.hourly} WHERE advertiser_id = ${adv} GROUP BY adgroup_id, campaign_id`,
    values: p.values,
  });
  for (const row of spend) {
    const amount = Number(row.spend);
    for (const key of [String(row.adgroup_id), String(row.campaign_id)]) {
      state.lifetimeSpendMicros.set(key, (state.lifetimeSpendMicros.get(key) ?? 0) + amount);
    }
  }
  return state;
}
