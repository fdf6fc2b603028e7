// A page for running the pixel script in Node's vm: the install snippet, document.cookie with the
// browser's domain rules (enough of them), sendBeacon and fetch that record what they were given. The
// browser test runs the same script in Chromium; this one makes the edge cases quick to reach.
import fs from 'node:fs';
import vm from 'node:vm';
import { installSnippet } from './snippet.ts';

export interface Sent {
  via: 'beacon' | 'fetch';
  url: string;
  body: Record<string, unknown>;
  init?: Record<string, unknown>;
}

export interface FakePage {
  run(code: string): unknown;
  /** The pixel script's source, to run it again. */
  script: string;
  /** The pixel script's counters (ttq._adcockpit). */
  state(): {
    errors: number;
    sent: number;
    dropped: number;
    flush(): void;
    idle(): Promise<void>;
    lastError: string | null;
  };
  sent: Sent[];
  cookies: Map<string, string>;
  /** Lets queued hashing finish, then sends what is waiting. */
  settle(): Promise<void>;
}

const SCRIPT = fs.readFileSync(new URL('./events.js', import.meta.url), 'utf8');
const SCRIPT_URL = 'https://ads.example.com/pixel/events.js';

export interface PageOptions {
  url?: string;
  cookies?: Map<string, string>;
  beaconAccepts?: boolean;
  /** Leave out crypto.subtle and TextEncoder, as on a page served over plain http. */
  insecure?: boolean;
  /** Code the page runs after the snippet and before the script arrives. */
  before?: string;
  pixelCode?: string;
}

export async function openFakePage(options: PageOptions = {}): Promise<FakePage> {
  const location = new URL(options.url ?? 'https://shop.example.com/product/1?ttclid=E.C.P.click-1');
  const cookies = options.cookies ?? new Map<string, string>();
  const sent: Sent[] = [];
  /** Beacon bodies still being read (a Blob reads asynchronously). */
  const reads: Promise<void>[] = [];
  const document = {
    referrer: 'https://www.tiktok.com/',
    visibilityState: 'visible',
    currentScript: null,
    get cookie(): string {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(text: string) {
      const [pair, ...attributes] = text.split(';').map((s) => s.trim());
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      const domain = attributes.find((a) => a.startsWith('domain='))?.slice(7);
      // A browser refuses a cookie for a public suffix or for another site.
      if (domain !== undefined && (!domain.includes('.') || !`.${location.hostname}`.endsWith(`.${domain}`)))
        return;
      if (attributes.includes('max-age=0')) cookies.delete(name);
      else cookies.set(name, value);
    },
    createElement: () => ({}),
    getElementsByTagName: () => [{ parentNode: { insertBefore: () => undefined } }],
    addEventListener: () => undefined,
  };
  const window: Record<string, unknown> = {
    location: {
      href: location.href,
      search: location.search,
      hostname: location.hostname,
      protocol: location.protocol,
    },
    navigator: {
      language: 'nl-NL',
      sendBeacon: (url: string, blob: Blob) => {
        if (options.beaconAccepts === false) return false;
        reads.push(
          blob.text().then((text) => void sent.push({ via: 'beacon', url, body: JSON.parse(text) })),
        );
        return true;
      },
    },
    fetch: (url: string, init: Record<string, unknown>) => {
      sent.push({ via: 'fetch', url, body: JSON.parse(init.body as string), init });
      return Promise.resolve({ status: 200 });
    },
    setTimeout,
    clearTimeout,
    addEventListener: () => undefined,
    console,
    Blob,
    ...(options.insecure ? {} : { crypto: globalThis.crypto, TextEncoder }),
  };
  window.document = document;
  const context = vm.createContext(window);
  window.window = context;
  const snippet = installSnippet(SCRIPT_URL, options.pixelCode ?? 'CPIXEL00000000000001')
    .replace('<script>', '')
    .replace('</script>', '');
  vm.runInContext(snippet, context);
  if (options.before) vm.runInContext(options.before, context);
  vm.runInContext(SCRIPT, context);
  const page: FakePage = {
    run: (code) => vm.runInContext(code, context),
    script: SCRIPT,
    state: () => vm.runInContext('ttq._adcockpit', context) as ReturnType<FakePage['state']>,
    sent,
    cookies,
    // Waits for the script's hashing (however slow the machine), sends what is queued, and waits until
    // every beacon's body has been read.
    async settle() {
      await page.state().idle();
      page.state().flush();
      await Promise.all(reads);
    },
  };
  return page;
}
