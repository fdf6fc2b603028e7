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
import { authStateRoute, loginRoute, logoutRoute, passwordRoute, setupRoute } from './auth.ts';
import {
  auditRoute,
  createTokenRoute,
  createUserRoute,
  listUsersRoute,
  memberTokensRoute,
  myTokensRoute,
  revokeMemberTokenRoute,
  revokeTokenRoute,
  updateUserRoute,
} from './members.ts';

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
  authStateRoute,
  setupRoute,
  loginRoute,
  logoutRoute,
  passwordRoute,
  listUsersRoute,
  createUserRoute,
  updateUserRoute,
  memberTokensRoute,
  revokeMemberTokenRoute,
  myTokensRoute,
  createTokenRoute,
  revokeTokenRoute,
  auditRoute,
];
