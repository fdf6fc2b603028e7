// What happens after one impression reaches one person: how long they watch, whether they click, how far
// into the shop a click gets, and whether a viewer comes back to buy (the shop takes it from there, see
// shop.ts). Rates are the creative's truth at first exposure, worn down by how often this person has
// already seen the ad (fatigue).
import type { Rng } from './random.ts';
import { C, type CounterSink } from './counters.ts';
import type { CreativeTruth } from './scenario.ts';

/** The site behind the ad: it receives a click-through or view-through visit and takes it from there. */
export interface Site {
  /**
   * A visitor arrives: `reached` is how far they get (see FUNNEL), `purchaseDelayMs` how long after the ad
   * they buy (null when they do not). In-session events the platform reports go into `out`.
   */
  visit(
    r: Rng,
    via: 'click' | 'view',
    reached: number,
    purchaseDelayMs: number | null,
    out: CounterSink,
  ): void;
}

/** Steps of a visit, in order: a visitor who reaches a step has passed every earlier one. */
export const FUNNEL = { bounced: 0, landingPage: 1, content: 2, cart: 3, checkout: 4, purchase: 5 } as const;

export interface ImpressionContext {
  truth: CreativeTruth;
  isVideo: boolean;
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
/** Interactions per 2-second viewer, each independent of the others. */
const SOCIAL_COUNTERS = [C.likes, C.comments, C.shares, C.follows];
const SOCIAL_RATES = [0.04, 0.004, 0.003, 0.002];
/** The chance that none of the interactions from the i-th on happens. */
const NONE_FROM = SOCIAL_RATES.map((_, i) => SOCIAL_RATES.slice(i).reduce((p, rate) => p * (1 - rate), 1));
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

/**
 * Adds the outcome of one impression to a person who saw the ad `priorExposures` times before. A uniform
 * draw below p, divided by p, is again uniform (and one above it, rescaled, too): so one draw decides
 * the whole watch, and one both the click and a viewer's later visit, with the same chances as a draw
 * for each.
 */
export function simulateImpression(
  r: Rng,
  ctx: ImpressionContext,
  priorExposures: number,
  out: CounterSink,
): void {
  const { truth } = ctx;
  const wear = priorExposures === 0 ? 1 : (1 - truth.fatigue) ** priorExposures;
  if (ctx.billing === 'impression') out.add(C.spend, ctx.billedPriceMicros);
  out.add(C.impressions, 1);

  let watched2s = false;
  let seconds = 0;
  if (ctx.isVideo) {
    const u = r.next();
    if (u < PLAY_RATE) {
      out.add(C.plays, 1);
      // Watch time: under 2 s for those who scroll on; beyond that an exponential survival whose 6-second
      // point is the creative's hold rate. One draw decides every threshold, so 6 s ≤ 3 s ≤ 2 s always.
      const v = u / PLAY_RATE;
      const reach2s = Math.min(1, (truth.thumbstop * wear) / PLAY_RATE);
      watched2s = v < reach2s;
      const hold = Math.min(Math.max(truth.hold, 1e-6), 0.999999);
      const duration = truth.duration_s ?? 15;
      const watched = watched2s
        ? 2 + (4 * Math.log(Math.max(v / reach2s, 1e-12))) / Math.log(hold)
        : (2 * (v - reach2s)) / (1 - reach2s);
      seconds = Math.min(watched, duration);
      if (seconds >= 2) out.add(C.v2s, 1);
      if (seconds >= 3) out.add(C.v3s, 1);
      if (seconds >= 6) {
        out.add(C.v6s, 1);
        if (ctx.billing === 'view') out.add(C.spend, ctx.billedPriceMicros);
      }
      if (seconds >= duration * 0.25) out.add(C.p25, 1);
      if (seconds >= duration * 0.5) out.add(C.p50, 1);
      if (seconds >= duration * 0.75) out.add(C.p75, 1);
      if (seconds >= duration) out.add(C.p100, 1);
      out.add(C.playTimeMs, Math.round(seconds * 1000));
    }
  } else {
    watched2s = r.next() < truth.thumbstop * wear;
  }

  const interacted = watched2s && interact(r, out);

  const c = r.next();
  const clickRate = truth.ctr * wear;
  const clicked = c < clickRate;
  // A focused view: 6 seconds watched, or an interaction while watching (a video that ends sooner counts in full).
  if (
    ctx.isVideo &&
    (seconds >= Math.min(6, truth.duration_s ?? 15) || (seconds > 0 && (interacted || clicked)))
  ) {
    out.add(C.engagedView, 1);
  }
  if (clicked) {
    out.add(C.clicks, 1);
    out.add(C.engagements, 1);
    if (ctx.billing === 'click') out.add(C.spend, ctx.billedPriceMicros);
    clickThrough(r, ctx, out);
  } else if (watched2s && (c - clickRate) / (1 - clickRate) < truth.cvr * truth.ctr * VIEW_THROUGH_FACTOR) {
    // A viewer who did not click but comes to the shop later and buys: the platform may credit the view.
    ctx.site.visit(r, 'view', FUNNEL.purchase, purchaseDelayMs(r), out);
  }
}

/**
 * A 2-second viewer's likes, comments, shares and follows; returns whether there was any. One draw
 * settles the common case of none; otherwise each in turn, given that at least one happens.
 */
function interact(r: Rng, out: CounterSink): boolean {
  if (r.next() < NONE_FROM[0]!) return false;
  let any = false;
  for (let i = 0; i < SOCIAL_RATES.length; i++) {
    const rate = SOCIAL_RATES[i]!;
    if (r.next() >= (any ? rate : rate / (1 - NONE_FROM[i]!))) continue;
    out.add(SOCIAL_COUNTERS[i]!, 1);
    out.add(C.engagements, 1);
    any = true;
  }
  return true;
}

/** How far a clicker gets on the site; the landing page view is the platform's own measurement. */
function clickThrough(r: Rng, ctx: ImpressionContext, out: CounterSink): void {
  let reached: number = FUNNEL.bounced;
  // Split the creative's click-to-purchase rate between add-to-cart and checkout-to-purchase.
  const remaining = Math.min(0.95, ctx.truth.cvr / FIXED_FUNNEL);
  const cartRate = Math.min(0.95, Math.sqrt(remaining) * 1.2);
  const steps = [LANDING_RATE, CONTENT_VIEW_RATE, cartRate, CHECKOUT_RATE, Math.min(1, remaining / cartRate)];
  while (reached < steps.length && r.next() < steps[reached]!) reached++;
  if (reached >= FUNNEL.landingPage) out.add(C.landingPageView, 1);
  if (reached === FUNNEL.bounced) return;
  ctx.site.visit(r, 'click', reached, reached === FUNNEL.purchase ? purchaseDelayMs(r) : null, out);
}
