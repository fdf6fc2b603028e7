import type { RouteDef } from '../route.ts';
import { exportFactsRoute } from './facts.ts';
import {
  getAdvertiserRoute,
  listAdvertisersRoute,
  reportRoute,
  summaryRoute,
  topRoute,
  trendRoute,
} from './advertisers.ts';
import { healthRoute, metricsRoute } from './meta.ts';
import { sandboxSeedRoute } from './sandbox.ts';

export const routes: RouteDef[] = [
  healthRoute,
  metricsRoute,
  listAdvertisersRoute,
  getAdvertiserRoute,
  summaryRoute,
  trendRoute,
  topRoute,
  reportRoute,
  exportFactsRoute,
  sandboxSeedRoute,
];
