/**
 * Sample requests for printing and checking where traffic goes: real User-Agent strings of common
 * browsers and operating systems, and a tester cookie that is NOT the first cookie of its header.
 */

/** User-Agent strings of common browsers, keyed `<browser>-<os>`. */
export const SAMPLE_USER_AGENTS = {
  'chrome-windows': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'chrome-macos': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'chrome-android': 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36',
  'edge-windows': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91',
  'firefox-linux': 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'firefox-android': 'Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0',
  'safari-macos': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'safari-iphone': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1',
} as const;

/** A sample request: a label and the request content (no target: the report picks the entry). */
export interface SampleRequest {
  /** Label printed in reports. */
  readonly label: string;
  /** Request headers. @default - none */
  readonly headers?: Record<string, string>;
  /** Cookies, sent as one `cookie` header. @default - none */
  readonly cookies?: Record<string, string>;
}

/** The default sample requests of the route report. */
export const SAMPLE_REQUESTS: readonly SampleRequest[] = [
  { label: 'Chrome on Windows', headers: { 'user-agent': SAMPLE_USER_AGENTS['chrome-windows'] } },
  { label: 'Chrome on macOS', headers: { 'user-agent': SAMPLE_USER_AGENTS['chrome-macos'] } },
  { label: 'Chrome on Android', headers: { 'user-agent': SAMPLE_USER_AGENTS['chrome-android'] } },
  { label: 'Edge on Windows', headers: { 'user-agent': SAMPLE_USER_AGENTS['edge-windows'] } },
  { label: 'Firefox on Linux', headers: { 'user-agent': SAMPLE_USER_AGENTS['firefox-linux'] } },
  { label: 'Firefox on Android', headers: { 'user-agent': SAMPLE_USER_AGENTS['firefox-android'] } },
  { label: 'Safari on macOS', headers: { 'user-agent': SAMPLE_USER_AGENTS['safari-macos'] } },
  { label: 'Safari on iPhone', headers: { 'user-agent': SAMPLE_USER_AGENTS['safari-iphone'] } },
  {
    label: 'tester (Cookie: session=abc; user=tester)',
    headers: { 'user-agent': SAMPLE_USER_AGENTS['safari-macos'], cookie: 'session=abc; user=tester' },
  },
];
