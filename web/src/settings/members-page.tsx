// Members: who may use this Adcockpit, in which role, on which advertisers. Owners and admins add
// members, change their role and advertisers in place, disable them, and revoke their API tokens.
import { Fragment, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { AdvertiserInfo, UserInfo } from '../../../src/shared/api.ts';
import {
  useCreateUser,
  useRevokeUserToken,
  useUpdateUser,
  useUserTokens,
  useUsers,
} from '../api/accounts.ts';
import { fieldErrors } from '../api/client.ts';
import { useAdvertisers } from '../api/queries.ts';
import { useSession } from '../app/session.tsx';
import { MIN_PASSWORD } from '../auth/setup-page.tsx';
import { ConfirmAction } from '../components/confirm.tsx';
import { ErrorBanner, Skeleton } from '../components/feedback.tsx';
import { FormMessage, TextField } from '../components/form.tsx';
import {
  ASSIGNABLE_ROLES,
  ROLE_DESCRIPTION,
  ROLE_LABEL,
  seesAllAdvertisers,
  type AssignableRole,
} from '../lib/roles.ts';
import { formatDateTime } from '../lib/time.ts';
import { AdvertiserChecklist } from './advertiser-checklist.tsx';
import { PageHeader } from './settings-screen.tsx';
import { TokenTable } from '../components/token-table.tsx';

const COLUMNS = 7;

/** Four groups of four letters and digits (about 80 bits), easy to read out: `k7qm-3xzp-9fwa-2hde`. */
function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

type Expanded = { userId: string; mode: 'edit' | 'tokens' } | null;

export function MembersPage() {
  const users = useUsers();
  const advertisers = useAdvertisers();
  const [adding, setAdding] = useState(false);
  const [expanded, setExpanded] = useState<Expanded>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const update = useUpdateUser();

  const list = users.data?.users;
  const advertiserList = advertisers.data?.advertisers ?? [];
  const disabledCount = list?.filter((u) => u.disabled).length ?? 0;

  const toggle = (userId: string, mode: 'edit' | 'tokens') =>
    setExpanded((now) => (now?.userId === userId && now.mode === mode ? null : { userId, mode }));

  return (
    <>
      <PageHeader
        title="Members"
        note={
          list
            ? `${list.length} ${list.length === 1 ? 'member' : 'members'}${disabledCount ? ` · ${disabledCount} disabled` : ''}. Owners and admins see every advertiser; analysts and viewers see the advertisers given to them.`
            : 'Owners and admins see every advertiser; analysts and viewers see the advertisers given to them.'
        }
        actions={
          <button
            type="button"
            className="button button-primary"
            data-testid="add-member"
            aria-expanded={adding}
            onClick={() => {
              setAdding((v) => !v);
              setNotice(null);
            }}
          >
            Add member
          </button>
        }
      />

      {adding && (
        <AddMemberForm
          advertisers={advertiserList}
          advertisersLoading={advertisers.isPending}
          onCancel={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            setNotice(`${user.name} was added as ${ROLE_LABEL[user.role].toLowerCase()}.`);
          }}
        />
      )}

      {notice && (
        <FormMessage tone="success" testId="members-notice">
          {notice}
        </FormMessage>
      )}
      {update.error && expanded === null && (
        <ErrorBanner title="The member was not changed." error={update.error} />
      )}

      <section className="panel" aria-label="Members">
        {users.error ? (
          <div className="panel-pad">
            <ErrorBanner
              title="The members could not be loaded."
              error={users.error}
              onRetry={() => void users.refetch()}
            />
          </div>
        ) : (
          <table className="data-table settings-table members-table" data-testid="members-table">
            <colgroup>
              <col style={{ width: '17%' }} />
              <col style={{ width: '19%' }} />
              <col style={{ width: 88 }} />
              <col />
              <col style={{ width: 96 }} />
              <col style={{ width: 132 }} />
              <col style={{ width: 208 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col" className="cell-text">
                  Name
                </th>
                <th scope="col" className="cell-text">
                  E-mail
                </th>
                <th scope="col" className="cell-text">
                  Role
                </th>
                <th scope="col" className="cell-text">
                  Advertisers
                </th>
                <th scope="col" className="cell-text">
                  Status
                </th>
                <th scope="col" className="cell-text">
                  Last sign-in
                </th>
                <th scope="col" className="cell-actions">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {!list
                ? Array.from({ length: 4 }, (_, r) => (
                    <tr key={r} aria-hidden="true">
                      {Array.from({ length: COLUMNS }, (_, c) => (
                        <td key={c}>{c < COLUMNS - 1 && <Skeleton width={c === 3 ? '50%' : '70%'} />}</td>
                      ))}
                    </tr>
                  ))
                : list.map((user) => (
                    <Fragment key={user.user_id}>
                      <MemberRow
                        user={user}
                        advertisers={advertiserList}
                        expanded={expanded?.userId === user.user_id ? expanded.mode : null}
                        onToggle={(mode) => toggle(user.user_id, mode)}
                        onDisabledChange={(disabled) => {
                          setNotice(null);
                          update.mutate({ userId: user.user_id, change: { disabled } });
                        }}
                        pending={update.isPending && update.variables?.userId === user.user_id}
                      />
                      {expanded?.userId === user.user_id && expanded.mode === 'edit' && (
                        <DetailRow label={`Edit access of ${user.name}`}>
                          <EditAccess
                            user={user}
                            advertisers={advertiserList}
                            onDone={(changed) => {
                              setExpanded(null);
                              if (changed) setNotice(`${changed.name}’s access was saved.`);
                            }}
                          />
                        </DetailRow>
                      )}
                      {expanded?.userId === user.user_id && expanded.mode === 'tokens' && (
                        <DetailRow label={`API tokens of ${user.name}`}>
                          <MemberTokens user={user} onClose={() => setExpanded(null)} />
                        </DetailRow>
                      )}
                    </Fragment>
                  ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function DetailRow({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <tr className="detail-row">
      <td colSpan={COLUMNS}>
        <div className="detail" role="region" aria-label={label}>
          {children}
        </div>
      </td>
    </tr>
  );
}

function advertiserNames(user: UserInfo, advertisers: readonly AdvertiserInfo[]): string | null {
  if (user.advertiser_ids === 'all') return null;
  const byId = new Map(advertisers.map((a) => [a.advertiser_id, a.name]));
  return user.advertiser_ids.map((id) => byId.get(id) ?? id).join(', ');
}

function MemberRow({
  user,
  advertisers,
  expanded,
  onToggle,
  onDisabledChange,
  pending,
}: {
  user: UserInfo;
  advertisers: readonly AdvertiserInfo[];
  expanded: 'edit' | 'tokens' | null;
  onToggle: (mode: 'edit' | 'tokens') => void;
  onDisabledChange: (disabled: boolean) => void;
  pending: boolean;
}) {
  const { user: me } = useSession();
  const self = me.user_id === user.user_id;
  const owner = user.role === 'owner';
  const names = advertiserNames(user, advertisers);
  const all = user.advertiser_ids === 'all' || seesAllAdvertisers(user.role);
  const tokensButton = (
    <button
      type="button"
      className={`button button-small ${expanded === 'tokens' ? 'button-pressed' : ''}`}
      aria-expanded={expanded === 'tokens'}
      onClick={() => onToggle('tokens')}
      data-testid="member-tokens"
    >
      Tokens
    </button>
  );
  return (
    <tr
      data-user-id={user.user_id}
      data-email={user.email}
      className={
        [user.disabled ? 'row-muted' : '', expanded ? 'row-expanded' : ''].join(' ').trim() || undefined
      }
    >
      <td className="cell-text">
        <span className="cell-with-badge">
          <span
            className="ellipsis cell-name"
            title={
              owner
                ? `${user.name} owns this installation: the role and access cannot be changed.`
                : user.name
            }
          >
            {user.name}
          </span>
          {self && <span className="badge badge-you">You</span>}
        </span>
      </td>
      <td className="cell-text">
        <span className="ellipsis" title={user.email}>
          {user.email}
        </span>
      </td>
      <td className="cell-text" data-testid="member-role">
        {ROLE_LABEL[user.role]}
      </td>
      <td className="cell-text" data-testid="member-advertisers">
        {all ? (
          <span className="cell-muted">All</span>
        ) : names ? (
          <span className="ellipsis" title={names}>
            {names}
          </span>
        ) : (
          <span className="cell-muted" title="This member sees no advertiser yet.">
            None
          </span>
        )}
      </td>
      <td className="cell-text" data-testid="member-status">
        <span className={`status ${user.disabled ? 'status-off' : 'status-on'}`}>
          <span className="status-dot" aria-hidden="true" />
          {user.disabled ? 'Disabled' : 'Active'}
        </span>
      </td>
      <td className="cell-text cell-time" title={user.last_login_at ?? undefined}>
        {user.last_login_at ? formatDateTime(user.last_login_at) : <span className="cell-muted">Never</span>}
      </td>
      <td className="cell-actions">
        <span className="row-actions">
          {owner ? (
            self ? (
              tokensButton
            ) : (
              <span className="cell-muted" title="Only the owner changes the owner’s account.">
                Not editable
              </span>
            )
          ) : (
            <>
              {!self && (
                <button
                  type="button"
                  className={`button button-small ${expanded === 'edit' ? 'button-pressed' : ''}`}
                  aria-expanded={expanded === 'edit'}
                  onClick={() => onToggle('edit')}
                  data-testid="edit-member"
                >
                  Edit
                </button>
              )}
              {tokensButton}
              {!self &&
                (user.disabled ? (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={pending}
                    onClick={() => onDisabledChange(false)}
                    data-testid="enable-member"
                  >
                    {pending ? 'Enabling…' : 'Enable'}
                  </button>
                ) : (
                  <ConfirmAction
                    label="Disable"
                    question={`Disable ${user.name}?`}
                    consequence="They are signed out and can no longer sign in or use the API. You can enable them again later."
                    confirmLabel="Disable member"
                    pending={pending}
                    onConfirm={() => onDisabledChange(true)}
                    testId="disable-member"
                  />
                ))}
            </>
          )}
        </span>
      </td>
    </tr>
  );
}

function RoleSelect({
  value,
  onChange,
  name,
}: {
  value: AssignableRole;
  onChange: (role: AssignableRole) => void;
  name: string;
}) {
  return (
    <div className="form-field">
      <label htmlFor={`${name}-role`}>Role</label>
      <select
        id={`${name}-role`}
        name="role"
        value={value}
        onChange={(e) => onChange(e.target.value as AssignableRole)}
      >
        {ASSIGNABLE_ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABEL[role]}
          </option>
        ))}
      </select>
      <div className="form-note">{ROLE_DESCRIPTION[value]}</div>
    </div>
  );
}

function AccessChecklist({
  role,
  advertisers,
  selected,
  onChange,
  loading,
}: {
  role: AssignableRole;
  advertisers: readonly AdvertiserInfo[];
  selected: string[];
  onChange: (ids: string[]) => void;
  loading?: boolean;
}) {
  if (seesAllAdvertisers(role)) {
    return (
      <div className="checklist checklist-all">
        <div className="checklist-legend">
          <span>Advertisers</span>
        </div>
        <p className="checklist-empty">Admins see and change every advertiser, including ones added later.</p>
      </div>
    );
  }
  if (loading) {
    return (
      <div className="checklist">
        <Skeleton width={240} height={14} />
      </div>
    );
  }
  return <AdvertiserChecklist advertisers={advertisers} selected={selected} onChange={onChange} />;
}

function AddMemberForm({
  advertisers,
  advertisersLoading,
  onCancel,
  onAdded,
}: {
  advertisers: readonly AdvertiserInfo[];
  advertisersLoading: boolean;
  onCancel: () => void;
  onAdded: (user: UserInfo) => void;
}) {
  const create = useCreateUser();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<AssignableRole>('analyst');
  const [selected, setSelected] = useState<string[]>([]);
  const [local, setLocal] = useState<Record<string, string>>({});

  const server = fieldErrors(create.error);
  const errors = { ...server, ...local };
  const otherError = create.error && Object.keys(server).length === 0 ? create.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = 'Enter their name.';
    if (!email.trim()) found.email = 'Enter their e-mail address.';
    if (password.length < MIN_PASSWORD) found.password = `Use at least ${MIN_PASSWORD} characters.`;
    setLocal(found);
    if (Object.keys(found).length > 0) {
      create.reset();
      return;
    }
    create.mutate(
      {
        name: name.trim(),
        email: email.trim(),
        password,
        role,
        advertiser_ids: seesAllAdvertisers(role) ? [] : selected,
      },
      { onSuccess: onAdded },
    );
  };

  const edit = (field: string, set: (value: string) => void) => (value: string) => {
    set(value);
    if (local[field]) setLocal(({ [field]: _, ...rest }) => rest);
    if (server[field]) create.reset();
  };

  return (
    <section className="panel" aria-labelledby="add-member-title">
      <header className="panel-header">
        <h2 id="add-member-title" className="panel-title">
          Add member
        </h2>
        <span className="panel-note">
          Tell them their initial password; they can change it under Settings.
        </span>
      </header>
      <form
        className="panel-pad member-form"
        onSubmit={submit}
        noValidate
        data-testid="add-member-form"
        onKeyDown={(e: KeyboardEvent) => {
          if (e.key === 'Escape') onCancel();
        }}
      >
        <div className="member-form-fields">
          <TextField
            label="Name"
            name="name"
            value={name}
            onValue={edit('name', setName)}
            error={errors.name}
            autoFocus
            maxLength={100}
            autoComplete="off"
          />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            value={email}
            onValue={edit('email', setEmail)}
            error={errors.email}
            autoComplete="off"
          />
          <TextField
            label="Initial password"
            name="password"
            type="text"
            value={password}
            onValue={edit('password', setPassword)}
            error={errors.password}
            hint={
              <>
                At least {MIN_PASSWORD} characters.{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => edit('password', setPassword)(generatePassword())}
                >
                  Generate one
                </button>
              </>
            }
            autoComplete="new-password"
            spellCheck={false}
          />
          <RoleSelect value={role} onChange={setRole} name="new-member" />
        </div>
        <AccessChecklist
          role={role}
          advertisers={advertisers}
          selected={selected}
          onChange={setSelected}
          loading={advertisersLoading}
        />
        <div className="form-footer">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? 'Adding…' : 'Add member'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          {errors.role && <FormMessage tone="error">{errors.role}</FormMessage>}
          {errors.advertiser_ids && <FormMessage tone="error">{errors.advertiser_ids}</FormMessage>}
          {otherError && <FormMessage tone="error">{otherError}</FormMessage>}
        </div>
      </form>
    </section>
  );
}

function EditAccess({
  user,
  advertisers,
  onDone,
}: {
  user: UserInfo;
  advertisers: readonly AdvertiserInfo[];
  onDone: (changed: UserInfo | null) => void;
}) {
  const update = useUpdateUser();
  const [role, setRole] = useState<AssignableRole>(user.role === 'owner' ? 'admin' : user.role);
  const [selected, setSelected] = useState<string[]>(
    user.advertiser_ids === 'all' ? [] : [...user.advertiser_ids],
  );

  const save = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        userId: user.user_id,
        change: seesAllAdvertisers(role) ? { role } : { role, advertiser_ids: selected },
      },
      { onSuccess: (changed) => onDone(changed) },
    );
  };

  return (
    <form
      className="member-form"
      onSubmit={save}
      noValidate
      data-testid="edit-member-form"
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Escape') onDone(null);
      }}
    >
      <div className="member-form-fields member-form-fields-edit">
        <RoleSelect value={role} onChange={setRole} name={`edit-${user.user_id}`} />
      </div>
      <AccessChecklist role={role} advertisers={advertisers} selected={selected} onChange={setSelected} />
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save access'}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          Cancel
        </button>
        {update.error && <FormMessage tone="error">{update.error.message}</FormMessage>}
      </div>
    </form>
  );
}

function MemberTokens({ user, onClose }: { user: UserInfo; onClose: () => void }) {
  const tokens = useUserTokens(user.user_id);
  const revoke = useRevokeUserToken(user.user_id);
  return (
    <div className="member-tokens">
      <div className="detail-head">
        <span className="detail-title">API tokens of {user.name}</span>
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {tokens.error ? (
        <ErrorBanner
          title="The tokens could not be loaded."
          error={tokens.error}
          onRetry={() => void tokens.refetch()}
        />
      ) : (
        <>
          {revoke.error && <ErrorBanner title="The token was not revoked." error={revoke.error} />}
          <div className="detail-table">
            <TokenTable
              tokens={tokens.data?.tokens}
              emptyText={`${user.name} has no API tokens.`}
              revokeConsequence={`Scripts of ${user.name} that use it stop working at once. This cannot be undone.`}
              className="settings-table"
              skeletonRows={2}
              revokingId={revoke.isPending ? (revoke.variables ?? null) : null}
              onRevoke={(token) => revoke.mutate(token.token_id)}
              testId="member-token-table"
            />
          </div>
        </>
      )}
    </div>
  );
}
