// Accounts and access in a real Chromium against the real server on a fresh data directory: the setup
// page creates the owner, sign-out and sign-in (a wrong password refused, a deep link kept), the owner adds
// an analyst for the demo advertiser who then sees only that, an API token works as a Bearer token until it
// is revoked, the password changes, the audit log pages back in time, and repeated failures lock sign-in
// with a countdown. Every screen is captured under test-results/.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AdvertiserInfo, UserInfo } from '../../src/shared/api.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import { launchChromium, screenshotPath } from '../setup/browser.ts';

const OWNER = { name: 'Olivia Owner', email: 'olivia@example.com', password: 'correct horse battery' };
const NEW_PASSWORD = 'staple battery horse correct';
const ANALYST = { name: 'Ana Analyst', email: 'ana@example.com', password: 'analyst password 1' };
/** Days of sandbox history: the Dashboard needs a week; fewer days start faster. */
const SEED_DAYS = 14;

let server: RunningServer;
let dataDir: string;
let browser: Browser;
let page: Page;
let demo: AdvertiserInfo;
const scriptErrors: string[] = [];

async function shot(target: Page, name: string): Promise<void> {
  await target.screenshot({ path: screenshotPath(`auth-${name}`), fullPage: false });
}

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const p = await ctx.newPage();
  p.on('pageerror', (error) => scriptErrors.push(error.message));
  return { context: ctx, page: p };
}

/** The API as this page's session sees it (its cookie), for checks beside the screen. */
async function apiAs(target: Page, pathAndQuery: string): Promise<{ status: number; body: unknown }> {
  const response = await target.request.get(`${server.url}/api/v1${pathAndQuery}`);
  return { status: response.status(), body: await response.json() };
}

async function waitForDashboard(target: Page): Promise<void> {
  await target.waitForURL((url) => url.pathname === '/' && url.searchParams.has('from'), { timeout: 60_000 });
  await target.waitForSelector('[data-testid=dashboard][data-busy=false][data-summary-range]', {
    timeout: 60_000,
  });
}

async function signIn(target: Page, email: string, password: string): Promise<void> {
  await target.getByTestId('sign-in-form').waitFor();
  await target.fill('[data-testid=sign-in-form] input[name=email]', email);
  await target.fill('[data-testid=sign-in-form] input[name=password]', password);
  await target.getByTestId('sign-in-submit').click();
}

async function openMenuItem(target: Page, label: string): Promise<void> {
  await target.getByTestId('user-menu').click();
  await target.getByRole('menuitem', { name: label }).click();
}

async function noHorizontalOverflow(target: Page): Promise<void> {
  const { scroll, client } = await target.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, 'the page does not scroll sideways').toBeLessThanOrEqual(client);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'adcockpit-auth-e2e-'));
  server = await startServer({ port: 0, host: '127.0.0.1', dataDir, seedDays: SEED_DAYS });
  browser = await launchChromium();
  ({ page } = await newPage());
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Accounts and access', () => {
  test('a fresh installation asks for the owner; nothing else answers without an account', async () => {
    const state = await (await fetch(`${server.url}/api/v1/auth/state`)).json();
    expect(state).toEqual({ setup_required: true, user: null, csrf_token: null });
    expect((await fetch(`${server.url}/api/v1/advertisers`)).status).toBe(401);

    await page.goto(`${server.url}/`);
    await page.waitForURL((url) => url.pathname === '/setup');
    await page.getByTestId('setup-form').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Create the owner account');
    await shot(page, 'setup');

    // Checked on the page: everything is required, the two passwords must match.
    await page.getByTestId('setup-submit').click();
    for (const field of ['name', 'email', 'password']) {
      await page.locator(`[data-field-error=${field}]`).waitFor();
    }
    await page.fill('input[name=name]', OWNER.name);
    await page.fill('input[name=email]', 'olivia-at-example');
    await page.fill('input[name=password]', OWNER.password);
    await page.fill('input[name=confirm]', 'something else entirely');
    await page.getByTestId('setup-submit').click();
    await page.locator('[data-field-error=confirm]').waitFor();

    // Checked by the server: its message lands on the field it names (body.email).
    await page.fill('input[name=confirm]', OWNER.password);
    await page.getByTestId('setup-submit').click();
    const emailError = page.locator('[data-field-error=email]');
    await emailError.waitFor();
    await expect(emailError.textContent()).resolves.toMatch(/e-mail/i);
    await expect(page.locator('[data-field-error]').count()).resolves.toBe(1);
    await shot(page, 'setup-errors');
  });

  test('creating the owner signs in and lands on the Dashboard', async () => {
    await page.fill('input[name=email]', OWNER.email);
    await page.getByTestId('setup-submit').click();
    await waitForDashboard(page);

    const menu = page.getByTestId('user-menu');
    await expect(menu.textContent()).resolves.toContain(OWNER.name);
    await expect(menu.textContent()).resolves.toContain('Owner');
    // Only features that exist get a tab.
    await expect(page.locator('.tabs a').allTextContents()).resolves.toEqual([
      'Dashboard',
      'Campaigns',
      'Insights',
      'Reporting',
      'Assets',
    ]);

    const list = await apiAs(page, '/advertisers');
    expect(list.status).toBe(200);
    demo = (list.body as { advertisers: AdvertiserInfo[] }).advertisers[0]!;
    expect(demo, 'the fresh install has its demo advertiser').toBeDefined();
    await expect(page.getByTestId('advertiser-switcher').textContent()).resolves.toContain(demo.name);
    await shot(page, 'dashboard-owner');

    await menu.click();
    await expect(page.getByRole('menuitem').allTextContents()).resolves.toEqual([
      'API tokens',
      'Change password',
      'Members',
      'Audit log',
      'Sign out',
    ]);
    await shot(page, 'user-menu');
    await page.keyboard.press('Escape');
  });

  test('sign out; a wrong password is refused; the right one signs in to the Dashboard', async () => {
    await openMenuItem(page, 'Sign out');
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByTestId('sign-in-form').waitFor();
    expect((await apiAs(page, '/advertisers')).status, 'the session is gone on the server').toBe(401);

    await signIn(page, OWNER.email, 'not the password');
    const message = page.getByTestId('sign-in-message');
    await message.waitFor();
    await expect(message.textContent()).resolves.toMatch(/e-mail address or password is wrong/i);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await shot(page, 'sign-in-wrong-password');

    await page.fill('[data-testid=sign-in-form] input[name=password]', OWNER.password);
    await page.getByTestId('sign-in-submit').click();
    await waitForDashboard(page);
    expect((await apiAs(page, '/advertisers')).status).toBe(200);
  });

  test('a link opened without a session returns to that page after sign-in', async () => {
    const other = await newPage();
    try {
      await other.page.goto(`${server.url}/settings/audit`);
      await other.page.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(other.page.url()).searchParams.get('next')).toBe('/settings/audit');
      await shot(other.page, 'sign-in');
      await signIn(other.page, OWNER.email, OWNER.password);
      await other.page.waitForURL((url) => url.pathname === '/settings/audit');
      await other.page.locator('[data-testid=audit-table] tr[data-audit-id]').first().waitFor();
    } finally {
      await other.context.close();
    }
  });

  test('the owner adds an analyst for the demo advertiser in Members', async () => {
    await openMenuItem(page, 'Members');
    await page.waitForURL((url) => url.pathname === '/settings/members');
    const ownerRow = page.locator(`tr[data-email="${OWNER.email}"]`);
    await ownerRow.waitFor();
    await expect(ownerRow.getByTestId('member-role').textContent()).resolves.toBe('Owner');
    await expect(ownerRow.getByTestId('member-advertisers').textContent()).resolves.toBe('All');
    // The owner row cannot be edited or disabled.
    await expect(ownerRow.getByTestId('edit-member').count()).resolves.toBe(0);
    await expect(ownerRow.getByTestId('disable-member').count()).resolves.toBe(0);
    await shot(page, 'members');

    await page.getByTestId('add-member').click();
    const form = page.getByTestId('add-member-form');
    await form.locator('input[name=name]').fill(ANALYST.name);
    await form.locator('input[name=email]').fill(ANALYST.email);
    await form.locator('input[name=password]').fill(ANALYST.password);
    await expect(form.locator('select[name=role]').inputValue()).resolves.toBe('analyst');
    await form.locator(`input[type=checkbox][value="${demo.advertiser_id}"]`).check();
    await shot(page, 'add-member');
    await form.locator('button[type=submit]').click();

    const row = page.locator(`tr[data-email="${ANALYST.email}"]`);
    await row.waitFor();
    await expect(page.getByTestId('members-notice').textContent()).resolves.toContain(ANALYST.name);
    await expect(row.getByTestId('member-role').textContent()).resolves.toBe('Analyst');
    await expect(row.getByTestId('member-advertisers').textContent()).resolves.toBe(demo.name);
    await expect(row.getByTestId('member-status').textContent()).resolves.toBe('Active');
    await shot(page, 'member-added');

    const { body } = await apiAs(page, '/users');
    const analyst = (body as { users: UserInfo[] }).users.find((u) => u.email === ANALYST.email);
    expect(analyst).toMatchObject({ role: 'analyst', advertiser_ids: [demo.advertiser_id], disabled: false });
  });

  test('the analyst sees the demo advertiser but no member administration', async () => {
    const other = await newPage();
    try {
      await other.page.goto(`${server.url}/`);
      await signIn(other.page, ANALYST.email, ANALYST.password);
      await waitForDashboard(other.page);
      expect(new URL(other.page.url()).searchParams.get('advertiser')).toBe(demo.advertiser_id);
      await expect(other.page.getByTestId('user-menu').textContent()).resolves.toContain('Analyst');
      await other.page.getByTestId('user-menu').click();
      await expect(other.page.getByRole('menuitem').allTextContents()).resolves.toEqual([
        'API tokens',
        'Change password',
        'Sign out',
      ]);
      await shot(other.page, 'analyst-dashboard');
      await other.page.keyboard.press('Escape');

      await other.page.goto(`${server.url}/settings/members`);
      await other.page.getByTestId('empty-state').waitFor();
      await expect(other.page.getByTestId('empty-state').textContent()).resolves.toContain(
        'for owners and admins',
      );
      expect((await apiAs(other.page, '/users')).status).toBe(403);
      await shot(other.page, 'analyst-members-refused');

      // Disabled by the owner, the analyst's next request ends the session and brings back sign-in.
      const row = page.locator(`tr[data-email="${ANALYST.email}"]`);
      await row.getByTestId('disable-member').click();
      await shot(page, 'member-disable-confirm');
      await page.getByTestId('disable-member-confirm').click();
      await expect.poll(() => row.getByTestId('member-status').textContent()).toBe('Disabled');
      await other.page.locator('.settings-nav a', { hasText: 'API tokens' }).click();
      await other.page.waitForURL((url) => url.pathname === '/signin');
      expect(new URL(other.page.url()).searchParams.get('next')).toBe('/settings/tokens');

      await row.getByTestId('enable-member').click();
      await expect.poll(() => row.getByTestId('member-status').textContent()).toBe('Active');
    } finally {
      await other.context.close();
    }
  });

  test('the owner changes the analyst to viewer in place and sees their tokens', async () => {
    const row = page.locator(`tr[data-email="${ANALYST.email}"]`);
    await row.getByTestId('edit-member').click();
    const form = page.getByTestId('edit-member-form');
    await form.waitFor();
    await expect(
      form.locator(`input[type=checkbox][value="${demo.advertiser_id}"]`).isChecked(),
    ).resolves.toBe(true);
    await form.locator('select[name=role]').selectOption('viewer');
    await shot(page, 'member-edit');
    await form.locator('button[type=submit]').click();
    await expect.poll(() => row.getByTestId('member-role').textContent()).toBe('Viewer');
    await expect(form.count()).resolves.toBe(0);
    await expect(row.getByTestId('member-advertisers').textContent()).resolves.toBe(demo.name);

    await row.getByTestId('member-tokens').click();
    await page.getByTestId('member-token-table').locator('.table-empty').waitFor();
    await shot(page, 'member-tokens');
    await row.getByTestId('member-tokens').click();

    await page.setViewportSize({ width: 1280, height: 800 });
    await noHorizontalOverflow(page);
    await shot(page, 'members-1280');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  test('a viewer added with a generated password and no advertiser is told whom to ask', async () => {
    await page.getByTestId('add-member').click();
    const form = page.getByTestId('add-member-form');
    await form.locator('input[name=name]').fill('Victor Viewer');
    await form.locator('input[name=email]').fill('victor@example.com');
    await form.getByRole('button', { name: 'Generate one' }).click();
    const password = await form.locator('input[name=password]').inputValue();
    expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await form.locator('select[name=role]').selectOption('viewer');
    await form.locator('button[type=submit]').click();
    const row = page.locator('tr[data-email="victor@example.com"]');
    await row.waitFor();
    await expect(row.getByTestId('member-advertisers').textContent()).resolves.toBe('None');

    const other = await newPage();
    try {
      await other.page.goto(`${server.url}/`);
      await signIn(other.page, 'victor@example.com', password);
      await other.page.getByTestId('empty-state').waitFor();
      await expect(other.page.getByTestId('empty-state').textContent()).resolves.toContain(
        'No advertiser shared with you yet',
      );
      await expect(other.page.getByTestId('user-menu').textContent()).resolves.toContain('Viewer');
      expect(
        ((await apiAs(other.page, '/advertisers')).body as { advertisers: unknown[] }).advertisers,
      ).toEqual([]);
      await shot(other.page, 'viewer-without-advertisers');
    } finally {
      await other.context.close();
    }
  });

  test('an API token is shown once, works as a Bearer token, and stops working when revoked', async () => {
    await openMenuItem(page, 'API tokens');
    await page.waitForURL((url) => url.pathname === '/settings/tokens');
    await page.getByTestId('token-table').locator('.table-empty').waitFor();
    await shot(page, 'tokens-empty');

    await page.fill('input[name=token-name]', 'Nightly export');
    await page.getByRole('button', { name: 'Create token' }).click();
    const box = page.getByTestId('token-secret-box');
    await box.waitFor();
    await expect(box.textContent()).resolves.toContain('you will not see it again');
    const secret = await page.getByTestId('token-secret').inputValue();
    expect(secret.length).toBeGreaterThan(20);
    const row = page.locator('[data-testid=token-table] tr[data-token-id]');
    await row.waitFor();
    const prefix = (await row.locator('.token-prefix').textContent())!.replace(/…$/, '');
    expect(secret.startsWith(prefix), `the list shows the start of the secret (${prefix})`).toBe(true);
    await shot(page, 'token-created');

    const withToken = () =>
      fetch(`${server.url}/api/v1/advertisers`, { headers: { authorization: `Bearer ${secret}` } });
    const allowed = await withToken();
    expect(allowed.status).toBe(200);
    expect(
      ((await allowed.json()) as { advertisers: AdvertiserInfo[] }).advertisers.map((a) => a.advertiser_id),
    ).toContain(demo.advertiser_id);

    // Shown once: after Done (or a reload) the secret is nowhere on the page.
    await box.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await row.waitFor();
    const onPage = await page.evaluate(
      () => document.body.innerText + [...document.querySelectorAll('input')].map((i) => i.value).join(' '),
    );
    expect(onPage).not.toContain(secret);
    await expect.poll(() => row.locator('td').nth(3).textContent()).not.toBe('Never');

    await row.getByTestId('revoke-token').click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'token-revoke-confirm');
    await page.getByTestId('revoke-token-confirm').click();
    await page.locator('[data-testid=token-table] tr[data-revoked=true]').waitFor();
    await expect(row.textContent()).resolves.toContain('Revoked');
    expect((await withToken()).status).toBe(401);
    await shot(page, 'tokens');
  });

  test('the password changes; a wrong current password is refused on its field', async () => {
    // By keyboard: the menu opens with ↓, the arrows move between its items, Enter follows one.
    await page.getByTestId('user-menu').focus();
    await page.keyboard.press('ArrowDown');
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await expect.poll(focused).toBe('API tokens');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Change password');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/settings/password');
    const form = page.getByTestId('password-form');
    await form.locator('input[name=current_password]').fill('not my password');
    await form.locator('input[name=new_password]').fill(NEW_PASSWORD);
    await form.locator('input[name=confirm]').fill(NEW_PASSWORD);
    await form.locator('button[type=submit]').click();
    await page.locator('[data-field-error=current_password]').waitFor();
    await shot(page, 'password-wrong');

    await form.locator('input[name=current_password]').fill(OWNER.password);
    await form.locator('button[type=submit]').click();
    await page.getByTestId('password-changed').waitFor();
    await shot(page, 'password-changed');

    const login = (password: string) =>
      fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: OWNER.email, password }),
      });
    expect((await login(NEW_PASSWORD)).status).toBe(200);
    // This browser stays signed in.
    expect((await apiAs(page, '/me/tokens')).status).toBe(200);
  });

  test('the audit log lists what happened, newest first, and loads older entries', async () => {
    // Enough entries for a second page: token changes made through the API with this session.
    const state = (await apiAs(page, '/auth/state')).body as { csrf_token: string };
    for (let i = 0; i < 105; i++) {
      const response = await page.request.post(`${server.url}/api/v1/me/tokens`, {
        headers: { 'x-csrf-token': state.csrf_token },
        data: { name: `bulk ${i}` },
      });
      expect(response.status()).toBe(200);
    }

    await openMenuItem(page, 'Audit log');
    await page.waitForURL((url) => url.pathname === '/settings/audit');
    const rows = page.locator('[data-testid=audit-table] tr[data-audit-id]');
    await rows.first().waitFor();
    await expect(rows.count()).resolves.toBe(100);
    await expect(rows.first().getAttribute('data-action')).resolves.toBe('token.create');
    await shot(page, 'audit');

    await page.getByTestId('audit-load-more').click();
    await expect.poll(() => rows.count()).toBeGreaterThan(100);
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    for (const action of ['auth.setup', 'auth.login_failed', 'user.create', 'user.update', 'token.revoke']) {
      expect(actions, `the log has ${action}`).toContain(action);
    }
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-audit-id'))));
    expect(ids, 'newest first, without repeats').toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);

    const created = page.locator(`[data-testid=audit-table] tr[data-action="user.create"]`, {
      hasText: ANALYST.email,
    });
    await expect(created.textContent()).resolves.toContain(ANALYST.name);
    await expect(created.textContent()).resolves.toContain(OWNER.name);
    const roleChange = page.locator('[data-testid=audit-table] tr[data-action="user.update"]', {
      hasText: 'viewer',
    });
    await expect(roleChange.textContent()).resolves.toMatch(/role\s*analyst\s*→\s*viewer/);
    await roleChange.scrollIntoViewIfNeeded();
    await shot(page, 'audit-older');
  });

  test('repeated wrong passwords lock sign-in with a live countdown', async () => {
    const other = await newPage();
    try {
      await other.page.goto(`${server.url}/signin`);
      const message = other.page.getByTestId('sign-in-message');
      let locked = false;
      for (let attempt = 0; attempt < 10 && !locked; attempt++) {
        await other.page.fill('[data-testid=sign-in-form] input[name=email]', 'nobody@example.com');
        await other.page.fill('[data-testid=sign-in-form] input[name=password]', `guess ${attempt}`);
        const [response] = await Promise.all([
          other.page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login')),
          other.page.getByTestId('sign-in-submit').click(),
        ]);
        locked = response.status() === 429;
        if (!locked) expect(response.status()).toBe(401);
        await expect.poll(() => message.textContent()).toMatch(locked ? /Too many/ : /wrong/);
      }
      expect(locked, 'the server locks sign-in after repeated failures').toBe(true);
      await expect(other.page.getByTestId('sign-in-submit').isDisabled()).resolves.toBe(true);
      const seconds = async () => {
        const [, m, s] = /(\d+):(\d{2})/.exec((await message.textContent()) ?? '') ?? [];
        return Number(m) * 60 + Number(s);
      };
      const first = await seconds();
      expect(first).toBeGreaterThan(0);
      await shot(other.page, 'sign-in-locked');
      await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
    } finally {
      await other.context.close();
    }
  });

  test('the pages threw no script errors along the way', () => {
    expect(scriptErrors).toEqual([]);
  });
});
