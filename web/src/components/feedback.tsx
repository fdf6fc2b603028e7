// Loading, error and empty states. Skeletons take the exact space of what they stand for, so the page
// does not move when data arrives.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

export function Skeleton({
  width,
  height = 12,
  className,
}: {
  width?: number | string;
  height?: number;
  className?: string;
}) {
  return <span className={`skeleton ${className ?? ''}`} style={{ width, height }} aria-hidden="true" />;
}

function messageOf(error: unknown): { message: string; details: string[] } {
  if (error instanceof ApiError) {
    return {
      message: error.message,
      details: error.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)),
    };
  }
  if (error instanceof Error) return { message: error.message, details: [] };
  return { message: 'Something went wrong.', details: [] };
}

export function ErrorBanner({
  title,
  error,
  onRetry,
}: {
  title: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const { message, details } = messageOf(error);
  return (
    <div className="error-banner" role="alert">
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" className="error-icon">
        <circle cx="8" cy="8" r="7" fill="currentColor" />
        <path d="M8 4.2v4.6" stroke="#fff" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="8" cy="11.4" r="1" fill="#fff" />
      </svg>
      <div className="error-text">
        <strong>{title}</strong> <span data-testid="error-message">{message}</span>
        {details.length > 0 && (
          <ul className="error-details">
            {details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <svg viewBox="0 0 48 48" width="40" height="40" aria-hidden="true">
        <rect x="6" y="10" width="36" height="28" rx="4" fill="none" stroke="currentColor" strokeWidth="2" />
        <path
          d="M12 31l8-8 6 5 10-10"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      </svg>
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}
