// The user menu at the right of the top bar: who is signed in, their settings, and signing out. Arrow
// keys move between the items.
import { useRef, useState, type KeyboardEvent } from 'react';
import { Popover } from '../components/popover.tsx';
import { Link } from '../components/link.tsx';
import { ROLE_LABEL, canManageMembers, initials } from '../lib/roles.ts';
import { Chevron } from './advertiser-switcher.tsx';
import { useSession } from './session.tsx';
import { usePathname } from './url-state.ts';

export function UserMenu() {
  const { user, signOut, signingOut } = useSession();
  const [open, setOpen] = useState(false);
  const list = useRef<HTMLDivElement>(null);
  const admin = canManageMembers(user);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Home' && event.key !== 'End')
      return;
    const items = Array.from(list.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? []);
    if (items.length === 0) return;
    event.preventDefault();
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? items.length - 1
          : event.key === 'ArrowDown'
            ? (at + 1) % items.length
            : (at - 1 + items.length) % items.length;
    items[next]?.focus();
  };

  const close = () => setOpen(false);
  const path = usePathname();
  const item = (href: string, label: string) => (
    <Link
      role="menuitem"
      className={path === href ? 'menu-link menu-link-current' : 'menu-link'}
      aria-current={path === href ? 'page' : undefined}
      href={href}
      onClick={close}
    >
      {label}
    </Link>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="right"
      label="Account"
      className="user-menu"
      trigger={(props) => (
        <button
          type="button"
          className="user-button"
          data-testid="user-menu"
          aria-haspopup="menu"
          {...props}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown' && !open) {
              event.preventDefault();
              setOpen(true);
              window.requestAnimationFrame(() =>
                list.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus(),
              );
            }
          }}
        >
          <span className="avatar" aria-hidden="true">
            {initials(user.name)}
          </span>
          <span className="user-text">
            <span className="user-name ellipsis">{user.name}</span>
            <span className="user-role">{ROLE_LABEL[user.role]}</span>
          </span>
          <Chevron />
        </button>
      )}
    >
      <div className="user-menu-head">
        <span className="user-menu-name ellipsis">{user.name}</span>
        <span className="user-menu-email ellipsis">{user.email}</span>
      </div>
      <div role="menu" aria-label="Account" ref={list} onKeyDown={onKeyDown} className="user-menu-list">
        {item('/settings/tokens', 'API tokens')}
        {item('/settings/password', 'Change password')}
        {admin && (
          <>
            <div className="menu-separator" role="separator" />
            {item('/settings/members', 'Members')}
            {item('/settings/audit', 'Audit log')}
          </>
        )}
        <div className="menu-separator" role="separator" />
        <button
          type="button"
          role="menuitem"
          className="menu-link"
          data-testid="sign-out"
          disabled={signingOut}
          onClick={() => {
            close();
            signOut();
          }}
        >
          Sign out
        </button>
      </div>
    </Popover>
  );
}
