// Importing Shopify's orders export: choose the CSV or drop it on the panel, it is sent as it is, and the
// answer is shown — orders new, replaced and kept as stored, refunds, totals — or, for a file with bad
// rows, every refused line with its column and reason (the file is all or nothing: nothing was stored).
import { type DragEvent, useRef, useState } from 'react';
import type { AdvertiserInfo } from '../../../../src/shared/api.ts';
import { ApiError } from '../../api/client.ts';
import { type OrdersImported, useImportOrders } from '../../api/shop.ts';
import { FormMessage } from '../../components/form.tsx';

/** The server's limit for one export (a year of a busy shop). */
const MAX_BYTES = 64 * 1024 * 1024;

const count = (n: number) => n.toLocaleString('en-US');

/** "line 43, Total" → { line: 43, column: "Total" }. */
function located(field: string | undefined): { line: number | null; column: string } {
  const match = /^line (\d+)(?:, (.*))?$/.exec(field ?? '');
  return match ? { line: Number(match[1]), column: match[2] ?? '' } : { line: null, column: field ?? '' };
}

export function ImportPanel({ advertiser, canEdit }: { advertiser: AdvertiserInfo; canEdit: boolean }) {
  const upload = useImportOrders(advertiser.advertiser_id);
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);

  const send = (chosen: File | undefined) => {
    if (!chosen) return;
    setFile(chosen);
    upload.reset();
    if (!/\.csv$/i.test(chosen.name)) {
      setLocalError(
        `${chosen.name} is not a CSV file. In Shopify, export the orders as “CSV for Excel, Numbers, or other spreadsheet programs”.`,
      );
      return;
    }
    if (chosen.size > MAX_BYTES) {
      setLocalError(`${chosen.name} is larger than 64 MB: export a shorter date range and import each part.`);
      return;
    }
    setLocalError(null);
    upload.mutate(chosen);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (canEdit && !upload.isPending) send(event.dataTransfer.files[0]);
  };

  return (
    <section className="panel shop-import" aria-labelledby="shop-import-title" data-testid="shop-import">
      <header className="panel-header">
        <h2 id="shop-import-title" className="panel-title">
          Import an orders export
        </h2>
      </header>
      <div className="panel-pad">
        {!canEdit ? (
          <p className="assets-note">
            Shopify’s orders exports are imported by an owner, admin or analyst of this advertiser.
          </p>
        ) : (
          <div
            className={`shop-drop${dragging ? ' shop-drop-over' : ''}`}
            data-testid="shop-drop"
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
          >
            <input
              ref={input}
              type="file"
              accept=".csv,text/csv"
              className="visually-hidden"
              data-testid="shop-import-file"
              onChange={(e) => {
                send(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <button
              type="button"
              className="button"
              disabled={upload.isPending}
              onClick={() => input.current?.click()}
            >
              {upload.isPending ? 'Importing…' : 'Choose a CSV file'}
            </button>
            <span className="cell-muted">or drop it here</span>
            <p className="shop-drop-note">
              Shopify admin → <b>Orders → Export</b>, “CSV for Excel, Numbers, or other spreadsheet programs”.
              Importing a file again replaces its orders; none is counted twice.
            </p>
          </div>
        )}
        <div aria-live="polite">
          {localError && <FormMessage tone="error">{localError}</FormMessage>}
          {upload.isPending && file && (
            <FormMessage tone="info">
              Importing {file.name} ({count(Math.ceil(file.size / 1024))} KB)…
            </FormMessage>
          )}
          {upload.data && file && <ImportResult name={file.name} summary={upload.data} />}
          {upload.error && file && <ImportRefusal name={file.name} error={upload.error} />}
        </div>
      </div>
    </section>
  );
}

function ImportResult({ name, summary }: { name: string; summary: OrdersImported }) {
  const money = (value: number, currency: string) =>
    value.toLocaleString('en-US', { style: 'currency', currency });
  return (
    <div className="shop-result" role="status" data-testid="shop-import-result">
      <div className="shop-result-title">
        {name}: {count(summary.orders)} order{summary.orders === 1 ? '' : 's'} imported from{' '}
        {count(summary.rows)} row{summary.rows === 1 ? '' : 's'}
      </div>
      <dl className="shop-counts">
        <div>
          <dt>New</dt>
          <dd data-testid="import-new">{count(summary.new_orders)}</dd>
        </div>
        <div>
          <dt>Replaced</dt>
          <dd data-testid="import-replaced">{count(summary.replaced_orders)}</dd>
        </div>
        <div title="Orders a webhook brought in a newer version than the file's: the stored version stays.">
          <dt>Kept as stored</dt>
          <dd data-testid="import-kept">{count(summary.kept_newer)}</dd>
        </div>
        <div>
          <dt>Refunds</dt>
          <dd data-testid="import-refunds">{count(summary.refunds)}</dd>
        </div>
        {summary.totals.map((t) => (
          <div key={t.currency}>
            <dt>Total {t.currency}</dt>
            <dd data-testid={`import-total-${t.currency}`}>{money(t.total, t.currency)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function ImportRefusal({ name, error }: { name: string; error: Error }) {
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="shop-refusal" role="alert" data-testid="shop-import-refusal">
      <div className="shop-refusal-title">
        {name} was not imported — nothing was stored.{' '}
        {details.length > 0
          ? `${count(details.length)} problem${details.length === 1 ? '' : 's'}: fix ${details.length === 1 ? 'it' : 'them'} in the file and import it again.`
          : error.message}
      </div>
      {details.length > 0 && (
        <div className="table-scroll shop-refusal-scroll">
          <table className="data-table shop-table shop-refusal-table" data-testid="shop-import-errors">
            <colgroup>
              <col style={{ width: 64 }} />
              <col style={{ width: 150 }} />
              <col />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="cell-number">
                  Line
                </th>
                <th scope="col" className="cell-text">
                  Column
                </th>
                <th scope="col" className="cell-text">
                  Problem
                </th>
              </tr>
            </thead>
            <tbody>
              {details.map((d, i) => {
                const where = located(d.field);
                return (
                  <tr key={i}>
                    <td className="cell-number">{where.line ?? '—'}</td>
                    <td className="cell-text">{where.column || '—'}</td>
                    <td className="cell-text shop-wrap">{d.message}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
