// What happens after one impression reaches one person: how long they watch, whether they click, and
// whether they go on to buy within the ad group's attribution windows. Rates are the creative's truth
// at first exposure, worn down by how often this person has already seen the ad (fatigue).
import type { Rng } from './random.ts';
import { C } from './counters.ts';
import type { CreativeTruth } from './scenario.ts';

export interface ImpressionContext {
  truth: CreativeTruth;
  isVideo: boolean;
  /** Times this person saw the ad before. */
  priorExposures: number;
  clickWindowDays: number;
  viewWindowDays: number;
  averageOrderValue: number;
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

/** Days from the ad interaction to the purchase: most buy the same day, the rest over the following days. */
function purchaseDelayDays(r: Rng): number {
  if (r.next() < 0.6) return 0;
  return 1 + Math.floor(-Math.log(Math.max(r.next(), 1e-9)) / 0.35);
}

/** Adds one impression's outcome to `out` (a counter row); returns nothing else. */
export function simulateImpression(r: Rng, ctx: ImpressionContext, priceMicros: number, out: number[]): void {
  const { truth } = ctx;
  const wear = (1 - truth.fatigue) ** ctx.priorExposures;
  out[C.spend]! += priceMicros;
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
    if (seconds >= 6) out[C.v6s]! += 1;
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
    clickFunnel(r, ctx, out);
  } else if (watched2s && ctx.viewWindowDays > 0) {
    // A viewer who did not click but buys later: a view-through conversion, if inside the view window.
    if (r.next() < truth.cvr * truth.ctr * VIEW_THROUGH_FACTOR && purchaseDelayDays(r) < ctx.viewWindowDays) {
      purchase(r, ctx, out);
      out[C.vtaConversion]! += 1;
    }
  }
}

function clickFunnel(r: Rng, ctx: ImpressionContext, out: number[]): void {
  if (ctx.clickWindowDays <= 0 || r.next() >= LANDING_RATE) return;
  out[C.landingPageView]! += 1;
  if (r.next() >= CONTENT_VIEW_RATE) return;
  out[C.contentView]! += 1;
  // Split the creative's click-to-purchase rate between add-to-cart and checkout-to-purchase.
  const remaining = Math.min(0.95, ctx.truth.cvr / FIXED_FUNNEL);
  const cartRate = Math.min(0.95, Math.sqrt(remaining) * 1.2);
  if (r.next() >= cartRate) return;
  out[C.addToCart]! += 1;
  if (r.next() >= CHECKOUT_RATE) return;
  out[C.checkout]! += 1;
  if (r.next() >= Math.min(1, remaining / cartRate)) return;
  if (purchaseDelayDays(r) >= ctx.clickWindowDays) return;
  purchase(r, ctx, out);
  out[C.ctaConversion]! += 1;
}

function purchase(r: Rng, ctx: ImpressionContext, out: number[]): void {
  out[C.purchase]! += 1;
  out[C.conversion]! += 1;
  const value = ctx.averageOrderValue * Math.exp(0.35 * r.normal() - 0.06);
  out[C.purchaseValue]! += Math.round(value * 1_000_000);
}
