// What the CLI's data commands need, served either straight from a data directory (no server running)
// or by a running server's API (--server URL): the warehouse file has one writer, so both are needed.
import fs from 'node:fs';
import { findAdvertiser } from '../catalog/advertisers.ts';
import { openAppContext } from '../app-context.ts';
import type { Config } from '../core/config.ts';
import { AppError } from '../core/errors.ts';
import { dailyFactsQuery } from '../reports/export-facts.ts';
import { runReport } from '../reports/run-report.ts';
import { listAdvertiserInfos } from '../reports/advertiser-overview.ts';
import { advanceSandbox, runScenario, seedDemo } from '../sources/sandbox/bootstrap.ts';
import type { Scenario } from '../sources/sandbox/scenario.ts';
import type { AdvertiserInfo, ReportRequest, ReportResponse } from '../shared/api.ts';

export interface DataClient {
  listAdvertisers(): Promise<AdvertiserInfo[]>;
  /** Resolves an id or a name (case-insensitive) to an advertiser id. */
  resolveAdvertiser(idOrName: string): Promise<string>;
  report(advertiserId: string, request: ReportRequest): Promise<ReportResponse>;
  exportFacts(advertiserId: string, format: 'csv' | 'parquet', out: string): Promise<number>;
  seedDemo(seed: number, days: number): Promise<string>;
  runScenario(scenario: Scenario): Promise<{ advertiserId: string; hours: number }>;
  advanceSandbox(advertiserId: string, hours: number): Promise<Date>;
  close(): Promise<void>;
}

export async function localClient(config: Config): Promise<DataClient> {
  const ctx = await openAppContext(config);
  return {
    listAdvertisers: () => listAdvertiserInfos(ctx.catalog, ctx.facts),
    resolveAdvertiser: async (idOrName) => (await findAdvertiser(ctx.catalog, idOrName)).advertiser_id,
    report: (advertiserId, request) => runReport(ctx.facts, ctx.catalog, { advertiserId, ...request }),
    exportFacts: async (advertiserId, format, out) =>
      ctx.facts.exportQuery(await dailyFactsQuery(ctx.facts, ctx.catalog, advertiserId), format, out),
    seedDemo: (seed, days) => seedDemo(ctx.catalog, ctx.facts, { seed, historyDays: days }),
    runScenario: (scenario) => runScenario(ctx.catalog, ctx.facts, scenario),
    advanceSandbox: (advertiserId, hours) => advanceSandbox(ctx.catalog, ctx.facts, advertiserId, hours),
    close: () => ctx.close(),
  };
}

export function remoteClient(serverUrl: string, token: string | null): DataClient {
  const base = serverUrl.replace(/\/+$/, '');
  if (!token) {
    throw new AppError(
      'unauthorized',
      'A server needs an API token: pass --token or set ADCOCKPIT_TOKEN (create one with "adcockpit token create --user <email>").',
    );
  }
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new AppError(
        'internal',
        `Cannot reach the server at ${base}: ${(error as Error).message}. Is it running?`,
      );
    }
    const json = (await response.json().catch(() => null)) as {
      error?: { code: string; message: string; details: [] };
    } | null;
    if (!response.ok) {
      const e = json?.error;
      throw new AppError(
        (e?.code as never) ?? 'internal',
        e?.message ?? `The server answered ${response.status}.`,
        e?.details ?? [],
      );
    }
    return json as T;
  };
  const client: DataClient = {
    listAdvertisers: async () =>
      (await call<{ advertisers: AdvertiserInfo[] }>('GET', '/api/v1/advertisers')).advertisers,
    async resolveAdvertiser(idOrName) {
      const all = await client.listAdvertisers();
      const match = all.find(
        (a) => a.advertiser_id === idOrName || a.name.toLowerCase() === idOrName.toLowerCase(),
      );
      if (!match)
        throw new AppError(
          'not_found',
          `No advertiser has the id or name "${idOrName}". List them with "adcockpit advertiser list".`,
        );
      return match.advertiser_id;
    },
    report: (advertiserId, request) =>
      call<ReportResponse>(
        'POST',
        `/api/v1/advertisers/${encodeURIComponent(advertiserId)}/reports/query`,
        request,
      ),
    async exportFacts(advertiserId, format, out) {
      const result = await call<{ rows: number; content_base64: string }>(
        'POST',
        `/api/v1/advertisers/${encodeURIComponent(advertiserId)}/facts/export`,
        { format },
      );
      fs.writeFileSync(out, Buffer.from(result.content_base64, 'base64'));
      return result.rows;
    },
    seedDemo: async (seed, days) =>
      (await call<{ advertiser_id: string }>('POST', '/api/v1/sandbox/seed', { seed, days })).advertiser_id,
    async runScenario(scenario) {
      const result = await call<{ advertiser_id: string; hours: number }>(
        'POST',
        '/api/v1/sandbox/scenarios',
        scenario,
      );
      return { advertiserId: result.advertiser_id, hours: result.hours };
    },
    async advanceSandbox(advertiserId, hours) {
      const path = `/api/v1/sandbox/advertisers/${encodeURIComponent(advertiserId)}/advance`;
      return new Date((await call<{ simulated_until: string }>('POST', path, { hours })).simulated_until);
    },
    close: async () => undefined,
  };
  return client;
}
