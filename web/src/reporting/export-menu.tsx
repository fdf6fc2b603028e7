// Export: the report's rows (every row, not only those on screen; pivots are exported flat, one row per
// combination) as CSV or XLSX, made by the server from the same query as the table.
import { useState } from 'react';
import type { ExportFormat, ReportQueryRequest } from '../../../src/shared/reports-api.ts';
import { downloadReport } from '../api/reports.ts';
import { ErrorBanner } from '../components/feedback.tsx';
import { Popover } from '../components/popover.tsx';

export function ExportMenu({ query }: { query: ReportQueryRequest }) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = (format: ExportFormat) => {
    setOpen(false);
    setPending(format);
    setError(null);
    downloadReport(query, format).then(
      () => setPending(null),
      (failure: unknown) => {
        setPending(null);
        setError(failure);
      },
    );
  };

  return (
    <>
      <Popover
        open={open}
        onOpenChange={setOpen}
        align="right"
        label="Export"
        className="rp-export-menu"
        trigger={(p) => (
          <button
            type="button"
            className="button"
            data-testid="export-menu"
            aria-haspopup="dialog"
            disabled={pending !== null}
            {...p}
          >
            {pending ? `Exporting ${pending.toUpperCase()}…` : 'Export ▾'}
          </button>
        )}
      >
        <button type="button" className="menu-item" data-testid="export-csv" onClick={() => run('csv')}>
          CSV <span className="rp-menu-note">comma-separated, for any tool</span>
        </button>
        <button type="button" className="menu-item" data-testid="export-xlsx" onClick={() => run('xlsx')}>
          Excel (XLSX) <span className="rp-menu-note">numbers and formats kept</span>
        </button>
      </Popover>
      {error ? (
        <div className="rp-inline-error">
          <ErrorBanner title="The export failed." error={error} />
        </div>
      ) : null}
    </>
  );
}
