// A list of access tokens — API tokens in Settings, a pixel's Events API tokens in Assets: name, the prefix
// that recognises it, when it was made and last used, whether it still works; revoking asks first.
import { ConfirmAction } from './confirm.tsx';
import { Skeleton } from './feedback.tsx';
import { formatDateTime } from '../lib/time.ts';

/** What every kind of token shows; `created_by` only where someone other than the owner may make one. */
export interface TokenRowInfo {
  token_id: string;
  name: string;
  prefix: string;
  created_by?: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

interface Props<T extends TokenRowInfo> {
  tokens: readonly T[] | undefined;
  /** Left out for someone who may not revoke: no control is shown. */
  onRevoke?: (token: T) => void;
  revokingId: string | null;
  emptyText: string;
  /** What stops working, said in the confirmation. */
  revokeConsequence: string;
  /** Times in this zone (the advertiser's); the browser's when left out. */
  timeZone?: string;
  showCreatedBy?: boolean;
  skeletonRows?: number;
  className: string;
  testId?: string;
  rowTestId?: string;
  revokeTestId?: string;
}

export function TokenTable<T extends TokenRowInfo>({
  tokens,
  onRevoke,
  revokingId,
  emptyText,
  revokeConsequence,
  timeZone,
  showCreatedBy = false,
  skeletonRows = 3,
  className,
  testId,
  rowTestId,
  revokeTestId = 'revoke-token',
}: Props<T>) {
  const columns = showCreatedBy ? 7 : 6;
  const time = (iso: string) => formatDateTime(iso, { timeZone });
  return (
    <table className={`data-table ${className}`} data-testid={testId}>
      <colgroup>
        <col style={{ width: showCreatedBy ? '20%' : '24%' }} />
        <col style={{ width: '16%' }} />
        {showCreatedBy && <col style={{ width: '14%' }} />}
        <col style={{ width: '15%' }} />
        <col style={{ width: '15%' }} />
        <col style={{ width: '18%' }} />
        <col style={{ width: 104 }} />
      </colgroup>
      <thead>
        <tr>
          <th scope="col" className="cell-text">
            Name
          </th>
          <th scope="col" className="cell-text">
            Token
          </th>
          {showCreatedBy && (
            <th scope="col" className="cell-text">
              Created by
            </th>
          )}
          <th scope="col" className="cell-text">
            Created
          </th>
          <th scope="col" className="cell-text">
            Last used
          </th>
          <th scope="col" className="cell-text">
            Status
          </th>
          <th scope="col" className="cell-actions">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {!tokens ? (
          Array.from({ length: skeletonRows }, (_, r) => (
            <tr key={r} aria-hidden="true">
              {Array.from({ length: columns }, (_, c) => (
                <td key={c}>{c < columns - 1 && <Skeleton width={c === 0 ? '70%' : '60%'} />}</td>
              ))}
            </tr>
          ))
        ) : tokens.length === 0 ? (
          <tr>
            <td className="table-empty" colSpan={columns}>
              {emptyText}
            </td>
          </tr>
        ) : (
          tokens.map((token) => {
            const revoked = token.revoked_at !== null;
            return (
              <tr
                key={token.token_id}
                data-testid={rowTestId}
                data-token-id={token.token_id}
                data-token-name={token.name}
                data-revoked={revoked ? 'true' : 'false'}
                className={revoked ? 'row-muted' : undefined}
              >
                <td className="cell-text">
                  <span className="ellipsis cell-name" title={token.name}>
                    {token.name}
                  </span>
                </td>
                <td className="cell-text">
                  <code className="token-prefix" title="The first characters of the token">
                    {token.prefix}…
                  </code>
                </td>
                {showCreatedBy && (
                  <td className="cell-text">
                    <span className="ellipsis">{token.created_by}</span>
                  </td>
                )}
                <td className="cell-text cell-time" title={token.created_at}>
                  {time(token.created_at)}
                </td>
                <td className="cell-text cell-time" title={token.last_used_at ?? undefined}>
                  {token.last_used_at ? time(token.last_used_at) : <span className="cell-muted">Never</span>}
                </td>
                <td className="cell-text">
                  {revoked ? (
                    <span className="status status-off" title={token.revoked_at ?? undefined}>
                      <span className="status-dot" aria-hidden="true" />
                      Revoked {time(token.revoked_at!).slice(0, 10)}
                    </span>
                  ) : (
                    <span className="status status-on">
                      <span className="status-dot" aria-hidden="true" />
                      Active
                    </span>
                  )}
                </td>
                <td className="cell-actions">
                  {!revoked && onRevoke && (
                    <ConfirmAction
                      label="Revoke"
                      question={`Revoke the token “${token.name}”?`}
                      consequence={revokeConsequence}
                      confirmLabel="Revoke token"
                      pending={revokingId === token.token_id}
                      onConfirm={() => onRevoke(token)}
                      testId={revokeTestId}
                    />
                  )}
                </td>
              </tr>
            );
          })
        )}
      </tbody>
    </table>
  );
}
