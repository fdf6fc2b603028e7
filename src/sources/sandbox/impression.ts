// What happens after one impression reaches one person: how long they watch, whether they click, how far
// into the shop a click gets, and whether a viewer comes back to buy (the shop takes it from there, see
// shop.ts). Rates are the creative's truth at first exposure, worn down by how often this person has
// already seen the ad (fatigue).
import type { Rng } from './random.ts';
import { C } from './counters.ts';
import type { CreativeTruth } from './scenario.ts';

/** The site behind the ad: it receives a click-through or view-through visit and takes it from there. */
export interface Site {
  /**
   * A visitor arrives: `reached` is how far they get (see FUNNEL), `purchaseDelayMs` how long after the ad
   * they buy (null when they do not). In-session events the platform reports go into `out`.
   */
  visit(r: Rng, via: 'click' | 'view', reached: number, purchaseDelayMs: number | null, out: number[]): void;
}

/** Steps of a visit, in order: a visitor who reaches a step has passed every earlier one. */
export const FUNNEL = { bounced: 0, landingPage: 1, content: 2, cart: 3, checkout: 4, purchase: 5 } as const;

export interface ImpressionContext {
  truth: CreativeTruth;
  isVideo: boolean;
  /** Times this person saw the ad before. */
  priorExposures: number;
  /** What the ad group pays for: each impression, each click, or each 6-second view. */
  billing: 'impression' | 'click' | 'view';
  /** The price of one billed event (micros). */
  billedPriceMicros: number;
  site: Site;
}

const PLAY_RATE = 0.92;
const LANDING_RATE = 0.88;
const CONTENT_VIEW_RATE = 0.8;
const CHECKOUT_RATE = 0.65;
/** Share of the funnel from click to checkout that does not depend on the creative's conversion rate. */
const FIXED_FUNNEL = LANDING_RATE * CONTENT_VIEW_RATE * CHECKOUT_RATE;
const VIEW_THROUGH_FACTOR = 0.4;
/** Interactions per 2-second viewer. */
const SOCIAL_RATES: readonly (readonly [number, number])[] = [
  [C.likes, 0.04],
  [C.comments, 0.004],
  [C.shares, 0.003],
  [C.follows, 0.002],
];
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Time from the ad to the purchase: 60 % buy in the same visit (2-60 minutes), the rest come back after
 * whole days (1 + an exponential with mean ~3 days) at any time of that day.
 */
function purchaseDelayMs(r: Rng): number {
  if (r.next() < 0.6) return (2 + 58 * r.next()) * MINUTE_MS;
  const days = 1 + Math.floor(-Math.log(Math.max(r.next(), 1e-9)) / 0.35);
  return (days + r.next()) * DAY_MS;
}

/** Adds one impression's outcome to `out` (a counter row); returns nothing else. */
export function simulateImpression(r: Rng, ctx: ImpressionContext, out: number[]): void {
  const { truth } = ctx;
  const wear = (1 - truth.fatigue) ** ctx.priorExposures;
  if (ctx.billing === 'impression') out[C.spend]! += ctx.billedPriceMicros;
  out[C.impressions]! += 1;

  let watched2s = false;
  let seconds = 0;
  if (ctx.isVideo && r.next() < PLAY_RATE) {
    out[C.plays]! += 1;
    watched2s = r.next() < Math.min(1, (truth.thumbstop * wear) / PLAY_RATE);
    // Watch time: under 2 s for those who scroll on; beyond that an exponential survival whose 6-second
    // point is the creative's hold rate. One draw decides every threshold, so 6 s ≤ 3 s ≤ 2 s always.
    const hold = Math.min(Math.max(truth.hold, 1e-6), 0.999999);
    const duration = truth.duration_s ?? 15;
    const watched = watched2s ? 2 + (4 * Math.log(Math.max(r.next(), 1e-12))) / Math.log(hold) : 2 * r.next();
    seconds = Math.min(watched, duration);
    if (seconds >= 2) out[C.v2s]! += 1;
    if (seconds >= 3) out[C.v3s]! += 1;
    if (seconds >= 6) {
      out[C.v6s]! += 1;
      if (ctx.billing === 'view') out[C.spend]! += ctx.billedPriceMicros;
    }
    if (seconds >= duration * 0.25) out[C.p25]! += 1;
    if (seconds >= duration * 0.5) out[C.p50]! += 1;
    if (seconds >= duration * 0.75) out[C.p75]! += 1;
    if (seconds >= duration) out[C.p100]! += 1;
    out[C.playTimeMs]! += Math.round(seconds * 1000);
  } else if (!ctx.isVideo) {
    watched2s = r.next() < truth.thumbstop * wear;
  }

  let interacted = false;
  if (watched2s) {
    for (const [counter, rate] of SOCIAL_RATES) {
      if (r.next() >= rate) continue;
      out[counter]! += 1;
      out[C.engagements]! += 1;
      interacted = true;
    }
  }

  const clicked = r.next() < truth.ctr * wear;
  // A focused view: 6 seconds watched, or an interaction while watching (a video that ends sooner counts in full).
  if (
    ctx.isVideo &&
    (seconds >= Math.min(6, truth.duration_s ?? 15) || (seconds > 0 && (interacted || clicked)))
  ) {
    out[C.engagedView]! += 1;
  }
  if (clicked) {
    out[C.clicks]! += 1;
    out[C.engagements]! += 1;
    if (ctx.billing === 'click') out[C.spend]! += ctx.billedPriceMicros;
    clickThrough(r, ctx, out);
  } else if (watched2s && r.next() < truth.cvr * truth.ctr * VIEW_THROUGH_FACTOR) {
    // A viewer who did not click but comes to the shop later and buys: the platform may credit the view.
    ctx.site.visit(r, 'view', FUNNEL.purchase, purchaseDelayMs(r), out);
  }
}

/** How far a clicker gets on the site; the landing page view is the platform's own measurement. */
function clickThrough(r: Rng, ctx: ImpressionContext, out: number[]): void {
  let reached: number = FUNNEL.bounced;
  // Split the creative's click-to-purchase rate between add-to-cart and checkout-to-purchase.
  const remaining = Math.min(0.95, ctx.truth.cvr / FIXED_FUNNEL);
  const cartRate = Math.min(0.95, Math.sqrt(remaining) * 1.2);
  const steps = [LANDING_RATE, CONTENT_VIEW_RATE, cartRate, CHECKOUT_RATE, Math.min(1, remaining / cartRate)];
  while (reached < steps.length && r.next() < steps[reached]!) reached++;
  if (reached >= FUNNEL.landingPage) out[C.landingPageView]! += 1;
  if (reached === FUNNEL.bounced) return;
  ctx.site.visit(r, 'click', reached, reached === FUNNEL.purchase ? purchaseDelayMs(r) : null, out);
}
