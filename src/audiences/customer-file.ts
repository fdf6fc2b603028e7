// A customer file's import, in one streaming pass: each line is read, its identifiers normalised and
// hashed, and the hashes staged in the warehouse in batches; at the end the warehouse keeps each distinct
// hash once as the audience's members (the difference is the file's duplicates). Memory holds one batch
// whatever the file's length. The caller drops what was staged when the import fails, so a file that fails
// half-way leaves nothing.
import { AppError } from '../core/errors.ts';
import type { CustomerFileIdType, CustomerFileReport, InvalidReason } from '../shared/audiences-api.ts';
import type { FactStore } from '../warehouse/fact-store.ts';
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

/** Hashes per staged batch: large enough that appends are few, small enough to stay a few hundred KB. */
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

export async function importCustomerFile(
  facts: FactStore,
  audience: { advertiserId: string; audienceId: string },
  body: AsyncIterable<Uint8Array>,
  options: CustomerFileOptions,
): Promise<CustomerFileReport> {
  const started = Date.now();
  const tally = new Tally();
  let columns: (ColumnKind | null)[] | null | undefined;
  let batch: Uint8Array[] = [];
  const stage = async () => {
    if (batch.length > 0) await facts.stageAudienceMembers(audience.advertiserId, audience.audienceId, batch);
    batch = [];
  };

  const take = (identifier: Identifier, line: number) => {
    if (!identifier.ok) return tally.refuse(identifier.reason, line);
    tally.valid++;
    tally.idTypes[identifier.kind]++;
    batch.push(Buffer.from(identifier.hash, 'hex'));
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
    if (batch.length >= BATCH_SIZE) await stage();
  }
  await stage();
  // The members kept say how many hashes were distinct: the rest were duplicates.
  tally.members = await facts.keepAudienceMembers(audience.audienceId);
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
