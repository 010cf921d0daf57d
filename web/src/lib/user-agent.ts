const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\b(?:Firefox|FxiOS)\/(\d+)/, 'Firefox'],
  [/\bHeadlessChrome\/(\d+)/, 'Headless Chrome'],
  [/\b(?:Chrome|CriOS)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+(?:\.\d+)?).*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\bWindows\b/, 'Windows'],
  [/\bAndroid\b/, 'Android'],
  [/\b(?:iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const MAX = 40;

/**
 * A user agent as a person names it: "Chrome 131 on Linux", "curl/8.5", "python-requests/2.32". Browsers by name,
 * major version and system; programs by their first product with major.minor version; anything else cut to 40 characters.
 */
export function shortUserAgent(ua: string): string {
  const text = ua.trim();
  if (/^Mozilla\//.test(text)) {
    const browser = BROWSERS.map(([re, name]) => [re.exec(text)?.[1], name] as const).find(([v]) => v);
    const system = SYSTEMS.find(([re]) => re.test(text))?.[1];
    if (browser) return system ? `${browser[1]} ${browser[0]} on ${system}` : `${browser[1]} ${browser[0]}`;
  }
  const product = /^([A-Za-z][\w.+-]*)\/v?(\d+(?:\.\d+)?)/.exec(text);
  if (product) return `${product[1]}/${product[2]}`;
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}
