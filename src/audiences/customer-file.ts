// A customer file's import, in one streaming pass: each line is read, its identifiers normalised and
// hashed, and the hashes written in batches into the audience's members. The database finds duplicates
// (a hash already in the audience is not inserted again; the difference is counted), so memory holds one
// batch whatever the file's length. It runs inside the caller's transaction: a file that fails half-way
// leaves nothing.
import type { Queryable } from '../catalog/db.ts';
import { AppError } from '../core/errors.ts';
import type { CustomerFileIdType, CustomerFileReport, InvalidReason } from '../shared/audiences-api.ts';
import { fileLines } from './file-lines.ts';
import {
  type ColumnKind,
  type Identifier,
  NO_IDENTIFIER,
  cells,
  headerColumns,
  readBareValue,
  readColumnValue,
} from './identifiers.ts';

/** Hashes per insert: large enough that statements are few, small enough to stay a few hundred KB. */
const BATCH_SIZE = 5000;
/** Line numbers kept per invalid reason, so the report names where to look. */
const EXAMPLE_LINES = 5;

export interface CustomerFileOptions {
  fileName: string;
  idType: CustomerFileIdType;
  defaultCountry?: string;
}

class Tally {
  rowsRead = 0;
  valid = 0;
  invalid = 0;
  duplicates = 0;
  members = 0;
  readonly idTypes = { email: 0, phone: 0, sha256: 0 };
  private readonly reasons = new Map<string, InvalidReason>();

  refuse(reason: string, line: number): void {
    this.invalid++;
    const entry = this.reasons.get(reason) ?? { reason, count: 0, example_lines: [] };
    entry.count++;
    if (entry.example_lines.length < EXAMPLE_LINES) entry.example_lines.push(line);
    this.reasons.set(reason, entry);
  }

  invalidReasons(): InvalidReason[] {
    return [...this.reasons.values()].sort((a, b) => b.count - a.count);
  }
}

const PLAIN_INSERT = `insert into audience_members (audience_id, hash)
  select $1, decode(h, 'hex') from unnest($2::text[]) as h`;

/**
 * Inserts a batch of hex hashes, without the ones already stored. Duplicates within the batch go first
 * (a Set of one batch); a plain insert is tried, twice as fast in PGlite as ON CONFLICT's speculative
 * insertion, and only a batch that meets a hash from an earlier one is redone with ON CONFLICT DO NOTHING.
 */
async function insertBatch(tx: Queryable, audienceId: string, hashes: string[]): Promise<void> {
  if (hashes.length === 0) return;
  const unique = [...new Set(hashes)];
  await tx.query('savepoint audience_batch');
  try {
    await tx.query(PLAIN_INSERT, [audienceId, unique]);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await tx.query('rollback to savepoint audience_batch');
    await tx.query(`${PLAIN_INSERT} on conflict do nothing`, [audienceId, unique]);
  }
  await tx.query('release savepoint audience_batch');
}

export async function importCustomerFile(
  tx: Queryable,
  audienceId: string,
  body: AsyncIterable<Uint8Array>,
  options: CustomerFileOptions,
): Promise<CustomerFileReport> {
  const started = Date.now();
  const tally = new Tally();
  let columns: (ColumnKind | null)[] | null | undefined;
  let batch: string[] = [];

  const take = (identifier: Identifier, line: number) => {
    if (!identifier.ok) return tally.refuse(identifier.reason, line);
    tally.valid++;
    tally.idTypes[identifier.kind]++;
    batch.push(identifier.hash);
  };

  for await (const line of fileLines(body)) {
    if (line.text.trim() === '') continue;
    if (columns === undefined) {
      // The first non-empty line decides: a header names the columns, anything else is data.
      columns = headerColumns(line.text);
      if (columns !== null) continue;
    }
    tally.rowsRead++;
    const values = cells(line.text);
    let found = 0;
    values.forEach((value, i) => {
      if (value === '') return;
      const kind = columns ? columns[i] : undefined;
      if (kind === null) return; // a column the header names but we do not read
      found++;
      take(
        kind === undefined
          ? readBareValue(value, options.idType, options.defaultCountry)
          : readColumnValue(kind, value, options.defaultCountry),
        line.number,
      );
    });
    if (found === 0) tally.refuse(NO_IDENTIFIER, line.number);
    if (batch.length >= BATCH_SIZE) {
      await insertBatch(tx, audienceId, batch);
      batch = [];
    }
  }
  await insertBatch(tx, audienceId, batch);
  // The members stored say how many hashes were new: the rest were duplicates.
  const [stored] = await tx.query<{ n: number }>(
    'select count(*)::int as n from audience_members where audience_id = $1',
    [audienceId],
  );
  tally.members = Number(stored!.n);
  tally.duplicates = tally.valid - tally.members;

  if (tally.members === 0) {
    const why = tally
      .invalidReasons()
      .slice(0, 3)
      .map((r) => `${r.reason} (lines ${r.example_lines.join(', ')})`)
      .join('; ');
    throw new AppError(
      'validation_failed',
      tally.rowsRead === 0
        ? 'The file holds no rows: nothing to import.'
        : `The file holds no usable email address or phone number${why ? `: ${why}` : ''}. Nothing was imported.`,
      tally.invalidReasons().map((r) => ({ field: `line ${r.example_lines[0]}`, message: r.reason })),
    );
  }
  return {
    file_name: options.fileName,
    columns: columns ? columns.filter((c): c is ColumnKind => c !== null) : ['value'],
    rows_read: tally.rowsRead,
    valid: tally.valid,
    invalid: tally.invalid,
    invalid_reasons: tally.invalidReasons(),
    duplicates: tally.duplicates,
    members: tally.members,
    hashed_input: tally.idTypes.sha256 > 0,
    id_types: tally.idTypes,
    default_country: options.defaultCountry ?? null,
    duration_ms: Date.now() - started,
  };
}
