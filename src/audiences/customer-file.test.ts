// Customer-file audiences on a real catalog (PGlite) and warehouse (DuckDB): TikTok's hashing vectors,
// the import report of a crafted file, the all-or-nothing rule, and the documented sandbox match rate.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { insertAdvertiser } from '../catalog/advertisers.ts';
import { type PixelContext, pixelContext } from '../../test/helpers/pixel-context.ts';
import { SYSTEM_ACTOR } from '../access/audit.ts';
import { normaliseEmail, normalisePhone, sha256Hex } from '../sources/events/hashing.ts';
import { createCustomerFileAudience, listAudiences } from './audiences.ts';
import { FACT_TABLES } from '../warehouse/schema.ts';
import { SANDBOX_MATCH_RATE } from './customer-file-match.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const ADV = 'adv-aud';
const SANDBOX = 'adv-aud-sandbox';
let p: PixelContext;

beforeAll(async () => {
  p = await pixelContext({
    prefix: 'audiences-',
    advertiser: { advertiser_id: ADV, name: 'Audiences shop' },
    pixels: [],
  });
  await insertAdvertiser(p.ctx.catalog, {
    advertiser_id: SANDBOX,
    name: 'Audiences sandbox',
    currency: 'EUR',
    timezone: 'Europe/Amsterdam',
    source: 'sandbox',
    product_value: null,
    margin: null,
  });
}, 60_000);
afterAll(async () => p?.close());

/** Hashes in the warehouse, kept or staged: a failed import leaves neither. */
const memberRows = async () =>
  Promise.all(
    [FACT_TABLES.audienceMembers, FACT_TABLES.audienceUploads].map(
      async (table) =>
        (await p.ctx.facts.query({ text: `SELECT count(*)::INTEGER AS n FROM ${table}`, values: [] }))[0]!.n,
    ),
  );
const fileOf = (text: string | Buffer) => Readable.from([Buffer.from(text)]);
const upload = (advertiserId: string, name: string, body: Readable, extra: Record<string, string> = {}) =>
  createCustomerFileAudience(
    p.ctx,
    SYSTEM_ACTOR,
    advertiserId,
    { name, file_name: `${name}.csv`, ...extra },
    body,
  );

describe('hashing vectors', () => {
  test("TikTok's documented email example", () => {
    const email = normaliseEmail(' ALICE_abc@gmail.com ');
    expect(email).toBe('alice_abc@gmail.com');
    expect(sha256Hex(email!)).toBe('848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f');
  });

  test('phones become E.164 before hashing, as the documented +442071838750', () => {
    for (const written of ['+44 20 7183 8750', '+44 (20) 7183-8750', '00442071838750']) {
      expect(normalisePhone(written)).toEqual({ e164: '+442071838750' });
    }
    expect(normalisePhone('020 7183 8750', 'GB')).toEqual({ e164: '+442071838750' });
    expect(normalisePhone('06 12345678', 'NL')).toEqual({ e164: '+31612345678' });
    expect(normalisePhone('(415) 555-0100', 'US')).toEqual({ e164: '+14155550100' });
    expect(normalisePhone('1 415 555 0100', 'US')).toEqual({ e164: '+14155550100' });
    expect(normalisePhone('020 7183 8750')).toMatchObject({
      error: expect.stringContaining('without a country code'),
    });
    expect(normalisePhone('+44 20 7183 875x')).toMatchObject({
      error: 'not an email address or phone number',
    });
    expect(sha256Hex('+442071838750')).toBe(sha('+442071838750'));
  });

  test("the phone hash in Segment's recorded TikTok request (+1 555 555 5555)", () => {
    const phone = normalisePhone('+1 (555) 555-5555');
    expect(phone).toEqual({ e164: '+15555555555' });
    expect(sha256Hex((phone as { e164: string }).e164)).toBe(
      '910a625c4ba147b544e6bd2f267e130ae14c591b6ba9c25cb8573322dedbebd0',
    );
  });
});

describe('a customer file', () => {
  test('reports rows, valid, invalid with their lines, duplicates and pre-hashed values; stores only hashes', async () => {
    const preHashed = sha('carol@example.com');
    const file = [
      'Email,Phone,Name', // 1: header, Name not read
      'Alice@Example.com ,+31 6 1234 5678,Alice', // 2: two identifiers
      'bob@example,,Bob', // 3: invalid email
      ',0612345678,Nobody', // 4: phone without country code
      'alice@example.com,,Alice again', // 5: duplicate of line 2's email
      ',,Empty', // 6: no identifier
      '', // 7: blank, skipped
      `${preHashed},,Carol`, // 8: already hashed, in the email column
    ].join('\r\n');
    const audience = await upload(ADV, 'Crafted', fileOf(file));
    const report = audience.customer_file!;
    expect(report).toMatchObject({
      columns: ['email', 'phone'],
      rows_read: 6,
      valid: 4,
      invalid: 3,
      duplicates: 1,
      members: 3,
      hashed_input: true,
      id_types: { email: 2, phone: 1, sha256: 1 },
    });
    expect(report.invalid_reasons).toEqual(
      expect.arrayContaining([
        { reason: 'not a valid email address', count: 1, example_lines: [3] },
        { reason: expect.stringContaining('without a country code'), count: 1, example_lines: [4] },
        { reason: 'row without any identifier', count: 1, example_lines: [6] },
      ]),
    );
    const stored = await p.ctx.facts.query({
      text: `SELECT lower(hex(hash)) AS h FROM ${FACT_TABLES.audienceMembers} WHERE audience_id = $1 ORDER BY 1`,
      values: [audience.audience_id],
    });
    expect(stored.map((r) => r.h)).toEqual([sha('alice@example.com'), sha('+31612345678'), preHashed].sort());
    const everything = JSON.stringify(await p.ctx.catalog.query('select * from audiences'));
    expect(everything).not.toContain('alice');
    expect(everything).not.toContain('612345678');
  });

  test('a file of bare values is sniffed value by value; a default country completes phones', async () => {
    const file = ['bob@example.com', '0612345678', sha('dave@example.com').toUpperCase(), 'hello'].join('\n');
    const audience = await upload(ADV, 'Bare', fileOf(file), { default_country: 'nl' });
    expect(audience.customer_file).toMatchObject({
      columns: ['value'],
      rows_read: 4,
      valid: 3,
      invalid: 1,
      id_types: { email: 1, phone: 1, sha256: 1 },
      default_country: 'NL',
      invalid_reasons: [{ reason: 'not an email address or phone number', count: 1, example_lines: [4] }],
    });
  });

  test('duplicates are found across batches, by the database, not a list of everything read', async () => {
    const people = Array.from({ length: 7000 }, (_, i) => `repeat${i}@example.com`);
    const file = [...people, ...people.slice(0, 150).map((e) => e.toUpperCase())].join('\n');
    const audience = await upload(ADV, 'Repeats', fileOf(file));
    expect(audience.customer_file).toMatchObject({
      rows_read: 7150,
      valid: 7150,
      duplicates: 150,
      members: 7000,
    });
  });

  test('a file that fails half-way (bytes that are not UTF-8) leaves nothing behind', async () => {
    const before = await listAudiences(p.ctx, ADV);
    const members = await memberRows();
    const good = Array.from({ length: 12_000 }, (_, i) => `person${i}@example.com`).join('\n');
    const body = Readable.from([
      Buffer.from(`${good}\n`),
      Buffer.from([0x66, 0xff, 0xfe, 0x0a]),
      Buffer.from('late@example.com\n'),
    ]);
    await expect(upload(ADV, 'Broken', body)).rejects.toThrow(/Line 12001 is not UTF-8/);
    expect((await listAudiences(p.ctx, ADV)).audiences).toHaveLength(before.audiences.length);
    expect(await memberRows()).toEqual(members);
  });

  test('an unknown default country is refused before the file is read', async () => {
    await expect(
      upload(ADV, 'Nowhere', fileOf('0612345678\n'), { default_country: 'QQ' }),
    ).rejects.toMatchObject({
      details: [{ field: 'default_country', message: 'unknown country' }],
    });
  });

  test('a file with nothing usable is refused naming the lines', async () => {
    await expect(upload(ADV, 'Useless', fileOf('email\nnot-an-address\n'))).rejects.toThrow(
      /no usable email address or phone number: not a valid email address \(lines 2\)/,
    );
  });

  test('for a sandbox advertiser about 60 % of a file matches, the same hashes every time', async () => {
    const file = Array.from({ length: 5000 }, (_, i) => `customer${i}@shop.example`).join('\n');
    const first = await upload(SANDBOX, 'Five thousand', fileOf(file));
    const second = await upload(SANDBOX, 'Five thousand again', fileOf(file));
    const expected = Array.from({ length: 5000 }, (_, i) => sha(`customer${i}@shop.example`)).filter(
      (h) => parseInt(h.slice(0, 2), 16) < 0x9a,
    ).length;
    expect(first.matched_size).toBe(expected);
    expect(second.matched_size).toBe(expected);
    expect(expected / 5000).toBeGreaterThan(SANDBOX_MATCH_RATE - 0.03);
    expect(expected / 5000).toBeLessThan(SANDBOX_MATCH_RATE + 0.03);
    expect(first).toMatchObject({ status: 'ready', targetable: true });
    // Not a sandbox advertiser, no pixel events: nobody matches.
    const elsewhere = await upload(ADV, 'Five thousand, real', fileOf(file));
    expect(elsewhere).toMatchObject({ matched_size: 0, status: 'too_small', targetable: false });
  });
});
