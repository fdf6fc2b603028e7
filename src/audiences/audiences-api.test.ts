// Audiences through the HTTP API on the seeded sandbox advertiser: a customer file uploaded as the raw
// body, lookalikes and their sizes, ad group targeting (a small audience refused with its size, exclusions
// allowed), the size estimate, deletion refused while targeted, the limits, and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { memberWithToken } from '../../test/helpers/members.ts';
import { type SeededContext, seededContext } from '../../test/helpers/seeded-context.ts';
import { buildApp } from '../server/app.ts';
import type { Audience } from '../shared/audiences-api.ts';
import { countryPopulation } from './lookalike.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';

const HOUR = 3_600_000;
const NOW = Math.floor(Date.now() / HOUR) * HOUR;
let s: SeededContext;
let app: FastifyInstance;
let owner: Awaited<ReturnType<typeof memberWithToken>>;
let viewer: Awaited<ReturnType<typeof memberWithToken>>;
let base: string;
let campaignId: string;

beforeAll(async () => {
  s = await seededContext({ days: 1, now: NOW });
  app = await buildApp(s.ctx);
  owner = await memberWithToken(s.ctx.catalog, 'owner');
  viewer = await memberWithToken(s.ctx.catalog, 'viewer', [s.advertiserId]);
  base = `/api/v1/advertisers/${s.advertiserId}`;
  const campaign = await call('POST', `${base}/campaigns`, {
    campaign_name: 'Audience tests',
    objective_type: 'TRAFFIC',
    budget_mode: 'BUDGET_MODE_INFINITE',
  });
  campaignId = campaign.body.campaign_id;
}, 180_000);
afterAll(async () => {
  await app?.close();
  await s?.dispose();
});

async function call(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers = owner.headers,
) {
  const response = await app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() };
}

async function uploadFile(name: string, rows: number, extra = '') {
  const file = `email\n${Array.from({ length: rows }, (_, i) => `${name.replace(/\W/g, '')}.${i}@example.com`).join('\n')}\n`;
  const response = await app.inject({
    method: 'POST',
    url: `${base}/audiences/customer-file?name=${encodeURIComponent(name)}&file_name=list.csv${extra}`,
    headers: { ...owner.headers, 'content-type': 'text/csv' },
    payload: file,
  });
  return { status: response.statusCode, body: response.json() };
}

const group = (name: string, extra: Record<string, unknown>) => ({
  campaign_id: campaignId,
  adgroup_name: name,
  budget_mode: 'BUDGET_MODE_DAY',
  budget: 40,
  locations: ['US', 'NL'],
  optimization_goal: 'CLICK',
  billing_event: 'CPC',
  ...extra,
});

let big: Audience;
let small: Audience;

describe('audiences over HTTP', () => {
  test('a customer file uploaded as the body becomes a hashed audience, matched against the sandbox', async () => {
    const response = await uploadFile('Loyal buyers', 3000);
    expect(response.status).toBe(200);
    big = response.body;
    expect(big).toMatchObject({
      type: 'customer_file',
      status: 'ready',
      targetable: true,
      retention_days: 365,
    });
    expect(big.customer_file).toMatchObject({
      rows_read: 3000,
      valid: 3000,
      members: 3000,
      file_name: 'list.csv',
    });
    expect(big.matched_size).toBeGreaterThan(1000);
    expect(big.matched_size).toBeLessThan(3000);
    small = (await uploadFile('Few', 400)).body;
    expect(small).toMatchObject({ status: 'too_small', targetable: false });

    const list = await call('GET', `${base}/audiences`, undefined, viewer.headers);
    expect(list.status).toBe(200);
    expect(list.body.limit).toBe(400);
    expect(list.body.audiences.map((a: Audience) => a.name)).toEqual(
      expect.arrayContaining(['Loyal buyers', 'Few']),
    );
  });

  test('bad uploads are refused naming the parameter; viewers cannot upload', async () => {
    const wrongType = await app.inject({
      method: 'POST',
      url: `${base}/audiences/customer-file?name=X&file_name=list.xlsx`,
      headers: { ...owner.headers, 'content-type': 'application/octet-stream' },
      payload: 'email\na@b.co\n',
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].field).toBe('query.file_name');
    const asViewer = await app.inject({
      method: 'POST',
      url: `${base}/audiences/customer-file?name=X&file_name=list.csv`,
      headers: { ...viewer.headers, 'content-type': 'text/csv' },
      payload: 'email\na@b.co\n',
    });
    expect(asViewer.statusCode).toBe(403);
  });

  test('lookalikes: a percentage of the country in the population model; sources of < 100 refused', async () => {
    const narrow = await call('POST', `${base}/audiences/lookalike`, {
      name: 'Like loyal, NL',
      source_audience_id: big.audience_id,
      country: 'nl',
      size: 'narrow',
    });
    expect(narrow.status).toBe(200);
    expect(narrow.body.lookalike).toMatchObject({
      country: 'NL',
      percent: 1,
      source_audience_name: 'Loyal buyers',
    });
    expect(narrow.body.matched_size).toBe(Math.round(countryPopulation('NL') / 100));
    // 5 million users in NL in the model: 1 % is about 50,000.
    expect(Math.abs(narrow.body.matched_size - 50_000)).toBeLessThan(50);
    const seven = await call('POST', `${base}/audiences/lookalike`, {
      name: 'Like loyal, US 7 %',
      source_audience_id: big.audience_id,
      country: 'US',
      size: 7,
    });
    expect(seven.body.matched_size).toBe(Math.round((countryPopulation('US') * 7) / 100));
    const broad = await call('POST', `${base}/audiences/lookalike`, {
      name: 'Like loyal, US broad',
      source_audience_id: big.audience_id,
      country: 'US',
      size: 'broad',
    });
    expect(broad.body.lookalike.percent).toBe(10);
    const tooSmall = await call('POST', `${base}/audiences/lookalike`, {
      name: 'Like few',
      source_audience_id: (await uploadFile('Tiny', 50)).body.audience_id,
      country: 'US',
      size: 'balanced',
    });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.error.message).toMatch(
      /has \d+ matched people; a lookalike needs a source of at least 100/,
    );
    const nowhere = await call('POST', `${base}/audiences/lookalike`, {
      name: 'Like loyal, ZZ',
      source_audience_id: big.audience_id,
      country: 'ZZ',
      size: 'narrow',
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.details[0].field).toBe('country');
    const countries = await call('GET', `${base}/audiences/lookalike-countries`);
    expect(countries.body.countries).toContainEqual({ country: 'NL', population: countryPopulation('NL') });
  });

  test('targeting: a small audience cannot be included (the message says its size) but can be excluded', async () => {
    const refused = await call(
      'POST',
      `${base}/adgroups`,
      group('Small included', { audience_ids: [small.audience_id] }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].field).toBe('audience_ids[0]');
    expect(refused.body.error.message).toContain(
      `"Few" has ${small.matched_size!.toLocaleString('en-US')} matched people`,
    );
    expect(refused.body.error.message).toContain('at least 1,000');
    const unknown = await call(
      'POST',
      `${base}/adgroups`,
      group('Unknown', { excluded_audience_ids: ['123'] }),
    );
    expect(unknown.body.error.details[0]).toMatchObject({ field: 'excluded_audience_ids[0]' });
    const both = await call(
      'POST',
      `${base}/adgroups`,
      group('Both', { audience_ids: [big.audience_id], excluded_audience_ids: [big.audience_id] }),
    );
    expect(both.body.error.message).toContain('both included and excluded');

    const ok = await call(
      'POST',
      `${base}/adgroups`,
      group('Loyal, not few', {
        audience_ids: [big.audience_id],
        excluded_audience_ids: [small.audience_id],
      }),
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      audience_ids: [big.audience_id],
      excluded_audience_ids: [small.audience_id],
    });
    const edited = await call('PATCH', `${base}/adgroups/${ok.body.adgroup_id}`, {
      audience_ids: [small.audience_id],
    });
    expect(edited.status).toBe(400);
    const cleared = await call('PATCH', `${base}/adgroups/${ok.body.adgroup_id}`, {
      excluded_audience_ids: [],
    });
    expect(cleared.body).toMatchObject({ audience_ids: [big.audience_id], excluded_audience_ids: [] });

    const read = await call('GET', `${base}/audiences/${big.audience_id}`);
    expect(read.body.used_by).toEqual([
      expect.objectContaining({
        adgroup_id: ok.body.adgroup_id,
        adgroup_name: 'Loyal, not few',
        mode: 'include',
      }),
    ]);
  });

  test('the estimate: included audiences narrow it to their people inside the targeting, exclusions subtract', async () => {
    const targeting = { locations: ['US', 'NL'], age_groups: ['AGE_25_34'] };
    const plain = await call('POST', `${base}/audience-estimate`, targeting);
    expect(plain.body.audiences).toBeNull();
    const lookalikes = (await call('GET', `${base}/audiences`)).body.audiences as Audience[];
    const usBroad = lookalikes.find((a) => a.name === 'Like loyal, US broad')!;
    const withLookalike = await call('POST', `${base}/audience-estimate`, {
      ...targeting,
      audience_ids: [usBroad.audience_id],
    });
    // 10 % of the US, of whom the targeting keeps the 25–34s: a tenth of the targeting's US part.
    const usPart = (await call('POST', `${base}/audience-estimate`, { ...targeting, locations: ['US'] })).body
      .size;
    expect(Math.abs(withLookalike.body.size - usPart / 10)).toBeLessThanOrEqual(1);
    expect(withLookalike.body.audiences.targeting_size).toBe(plain.body.size);
    const narrowed = await call('POST', `${base}/audience-estimate`, {
      ...targeting,
      audience_ids: [usBroad.audience_id],
      excluded_audience_ids: [big.audience_id],
    });
    expect(narrowed.body.size).toBeLessThan(withLookalike.body.size);
    expect(narrowed.body.audiences.excluded[0]).toMatchObject({
      audience_id: big.audience_id,
      name: 'Loyal buyers',
    });
    // The shop's own people excluded from its own people go entirely, as the sandbox delivers it.
    const ownMinusOwn = await call('POST', `${base}/audience-estimate`, {
      ...targeting,
      audience_ids: [big.audience_id],
      excluded_audience_ids: [small.audience_id],
    });
    const { included, excluded } = ownMinusOwn.body.audiences;
    const inside = (a: { matched_size: number; share_in_targeting: number }) =>
      a.matched_size * a.share_in_targeting;
    expect(excluded[0].matched_size).toBeGreaterThan(0);
    expect(Math.abs(ownMinusOwn.body.size - (inside(included[0]) - inside(excluded[0])))).toBeLessThanOrEqual(
      1,
    );
  });

  test('rename; delete refused while an ad group targets it, naming the ad group; delete when free', async () => {
    const renamed = await call('PATCH', `${base}/audiences/${big.audience_id}`, {
      name: 'Loyal buyers 2026',
    });
    expect(renamed.body.name).toBe('Loyal buyers 2026');
    const refused = await call('DELETE', `${base}/audiences/${big.audience_id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('"Loyal, not few" (included)');
    const free = await call('DELETE', `${base}/audiences/${small.audience_id}`);
    expect(free.body).toEqual({ audience_id: small.audience_id, deleted: true });
    expect((await call('GET', `${base}/audiences/${small.audience_id}`)).status).toBe(404);
    const [members] = await s.ctx.facts.query({
      text: `SELECT count(*)::INTEGER AS n FROM ${FACT_TABLES.audienceMembers} WHERE audience_id = $1`,
      values: [small.audience_id],
    });
    expect(members!.n).toBe(0);
  });

  test('the API lists every audience route in the OpenAPI document', async () => {
    const doc = (await call('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const paths = Object.keys(doc.paths).filter((p) => p.includes('/audiences'));
    expect(paths.sort()).toEqual(
      [
        '/api/v1/advertisers/{advertiserId}/audiences',
        '/api/v1/advertisers/{advertiserId}/audiences/customer-file',
        '/api/v1/advertisers/{advertiserId}/audiences/lookalike',
        '/api/v1/advertisers/{advertiserId}/audiences/lookalike-countries',
        '/api/v1/advertisers/{advertiserId}/audiences/website',
        '/api/v1/advertisers/{advertiserId}/audiences/website/preview',
        '/api/v1/advertisers/{advertiserId}/audiences/{audienceId}',
        '/api/v1/advertisers/{advertiserId}/audiences/{audienceId}/size',
      ].sort(),
    );
  });

  test('no more than 400 audiences per advertiser', async () => {
    const count = (await call('GET', `${base}/audiences`)).body.audiences.length;
    // Filling up to the limit through the catalog: 400 uploads would only test patience.
    await s.ctx.catalog.query(
      `insert into audiences (audience_id, advertiser_id, name, type, retention_days, definition)
       select 'filler-' || g, $1, 'Filler ' || g, 'lookalike', 30, '{"source_audience_id":"x","country":"US","size":1,"percent":1}'
       from generate_series(1, $2::int) g`,
      [s.advertiserId, 400 - count],
    );
    const refused = await uploadFile('One too many', 10);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain("400 audiences, TikTok's limit");
  });
});
