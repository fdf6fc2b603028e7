// A browser journey's common start: a fresh server whose owner is created at start, Chromium with one
// 1440×900 window, the owner signed in through the sign-in page, and every script error the journey's
// pages raise collected so the journey can end by expecting none.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AdvertiserInfo } from '../../src/shared/api.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { launchChromium } from '../setup/browser.ts';
import { startFreshServer } from './fresh-server.ts';
import { pageApi } from './page-api.ts';

export interface Credentials {
  email: string;
  password: string;
}

export interface OwnerJourneyOptions {
  /** Marks the data directory. */
  name: string;
  seedDays: number;
  owner: Credentials;
  /** For journeys that press "Copy" and read back what was copied. */
  clipboard?: boolean;
}

export interface OwnerJourney {
  server: RunningServer;
  /** The server's data directory, removed at close: a place for the journey's downloads too. */
  dataDir: string;
  browser: Browser;
  context: BrowserContext;
  /** The owner's page, signed in and on the dashboard. */
  page: Page;
  /** The first advertiser, the sandbox's demo one on a fresh install. */
  demo: AdvertiserInfo;
  /** Script errors from the owner's page and every page passed to `watch`. */
  pageErrors: string[];
  watch(page: Page): void;
  /** A new window in its own browser context (no session), watched for script errors. */
  newWindow(): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * Makes `who` a viewer of the demo advertiser and signs them in, in a window of their own, through
   * `link`, the address the owner would share; resolves once `arrived` holds.
   */
  viewerWindow(
    who: Credentials & { name: string },
    link: string,
    arrived: (url: URL) => boolean,
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

const VIEWPORT = { width: 1440, height: 900 };

/**
 * Opens `link` without a session, is sent to the sign-in page, signs in as `who` and waits until the app
 * has brought the page back to where `arrived` says.
 */
export async function signInVia(
  page: Page,
  link: string,
  who: Credentials,
  arrived: (url: URL) => boolean,
): Promise<void> {
  await page.goto(link);
  await page.waitForURL((u) => u.pathname === '/signin');
  await page.fill('[data-testid=sign-in-form] input[name=email]', who.email);
  await page.fill('[data-testid=sign-in-form] input[name=password]', who.password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL(arrived, { timeout: 60_000 });
}

export async function openOwnerJourney(options: OwnerJourneyOptions): Promise<OwnerJourney> {
  const fresh = await startFreshServer(options.name, {
    seedDays: options.seedDays,
    adminEmail: options.owner.email,
    adminPassword: options.owner.password,
  });
  const { server } = fresh;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const pageErrors: string[] = [];
    const watch = (target: Page) => target.on('pageerror', (error) => pageErrors.push(error.message));
    const launched = browser;
    const newWindow = async () => {
      const context = await launched.newContext({ viewport: VIEWPORT });
      const page = await context.newPage();
      watch(page);
      return { context, page };
    };
    const { context, page } = await newWindow();
    if (options.clipboard)
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signInVia(
      page,
      `${server.url}/`,
      options.owner,
      (u) => u.pathname === '/' && u.searchParams.has('from'),
    );
    const { advertisers } = await pageApi<{ advertisers: AdvertiserInfo[] }>(
      page,
      server.url,
      'GET',
      '/advertisers',
    );
    return {
      server,
      dataDir: fresh.dataDir,
      browser,
      context,
      page,
      demo: advertisers[0]!,
      pageErrors,
      watch,
      newWindow,
      async viewerWindow(who, link, arrived) {
        await pageApi(page, server.url, 'POST', '/users', {
          ...who,
          role: 'viewer',
          advertiser_ids: [advertisers[0]!.advertiser_id],
        });
        const viewer = await newWindow();
        await signInVia(viewer.page, link, who, arrived);
        return viewer;
      },
      async close() {
        await launched.close();
        await fresh.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await fresh.close();
    throw error;
  }
}
