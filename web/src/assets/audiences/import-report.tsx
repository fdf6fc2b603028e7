// What a customer file's import found: rows read, identifiers valid and invalid (each reason with the
// file's line numbers of the first few), duplicates, the hashed members kept, and the matched size — with
// the plain statement that identifiers are hashed on the server and never stored.
import type { CustomerFileReport } from '../../../../src/shared/audiences-api.ts';
import { count } from './audience-text.ts';

export function ImportReport({
  report,
  matchedSize,
  sizeBasis,
}: {
  report: CustomerFileReport;
  matchedSize: number | null;
  /** How the matched size was found; left out where the screen says it already. */
  sizeBasis?: string;
}) {
  const kinds = [
    report.id_types.email > 0 && `${count(report.id_types.email)} emails`,
    report.id_types.phone > 0 && `${count(report.id_types.phone)} phone numbers`,
    report.id_types.sha256 > 0 && `${count(report.id_types.sha256)} already hashed (SHA-256)`,
  ].filter(Boolean);
  const cells: [string, string, string?][] = [
    ['Rows read', count(report.rows_read)],
    ['Valid', count(report.valid), 'good'],
    ['Invalid', count(report.invalid), report.invalid > 0 ? 'bad' : undefined],
    ['Duplicates', count(report.duplicates)],
    ['Members', count(report.members)],
    ['Matched', matchedSize === null ? '—' : count(matchedSize), 'strong'],
  ];
  return (
    <section className="au-report" aria-label="Import report" data-testid="import-report">
      <dl className="au-report-counts">
        {cells.map(([label, value, tone]) => (
          <div key={label} className={tone ? `au-count au-count-${tone}` : 'au-count'}>
            <dt>{label}</dt>
            <dd data-testid={`report-${label.toLowerCase().replace(' ', '-')}`}>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="au-report-line">
        {report.file_name} · columns {report.columns.join(', ')}
        {kinds.length > 0 && <> · {kinds.join(', ')}</>}
        {report.default_country && <> · phones without a country read as {report.default_country}</>} ·{' '}
        {(report.duration_ms / 1000).toFixed(1)} s
      </p>
      {sizeBasis && <p className="au-report-line">{sizeBasis}</p>}
      {report.invalid_reasons.length > 0 && (
        <table className="au-reasons" data-testid="invalid-reasons">
          <thead>
            <tr>
              <th scope="col">Refused because</th>
              <th scope="col" className="cell-number">
                Values
              </th>
              <th scope="col">Lines, e.g.</th>
            </tr>
          </thead>
          <tbody>
            {report.invalid_reasons.map((r) => (
              <tr key={r.reason}>
                <td>{r.reason}</td>
                <td className="cell-number">{count(r.count)}</td>
                <td className="au-lines">{r.example_lines.map((n) => count(n)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="au-privacy" data-testid="privacy-note">
        Emails and phone numbers were normalised and hashed (SHA-256) on the server as the file was read; only
        the hashes are kept — the plain values are never stored or logged.
      </p>
    </section>
  );
}
