// The pieces the panels beside an asset list share (a creative, an audience): the head with its close
// button, the property list, and deleting — with the server's refusal (e.g. the ads still using it) shown
// under the button.
import type { ReactNode } from 'react';
import { ConfirmAction } from '../components/confirm.tsx';

export function DetailHead({ title, onClose }: { title: string; onClose: () => void }) {
  return (
    <header className="cr-detail-head">
      <h2 title={title}>{title}</h2>
      <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
        ×
      </button>
    </header>
  );
}

export function PropertyList({ rows, testId }: { rows: readonly [string, ReactNode][]; testId: string }) {
  return (
    <dl className="cr-meta" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

interface DeleteProps {
  canEdit: boolean;
  /** What is deleted, for the refusal's sentence: "The {noun} was not deleted." */
  noun: string;
  question: string;
  consequence: string;
  pending: boolean;
  error: unknown;
  onConfirm: () => void;
  testId: string;
}

export function DetailDelete({
  canEdit,
  noun,
  question,
  consequence,
  pending,
  error,
  onConfirm,
  testId,
}: DeleteProps) {
  return (
    <>
      {canEdit && (
        <div className="cr-detail-actions">
          <ConfirmAction
            label="Delete"
            className="button-danger"
            question={question}
            consequence={consequence}
            confirmLabel="Delete"
            pending={pending}
            onConfirm={onConfirm}
            testId={testId}
          />
        </div>
      )}
      {error instanceof Error && (
        <div className="cr-refusal" role="alert" data-testid="delete-error">
          <strong>The {noun} was not deleted.</strong> {error.message}
        </div>
      )}
    </>
  );
}
