import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Open Telekom Cloud's token-authentication page (the seed Tessera's Keystone surface follows). */
export const OTC_SEED_FILE = '004_4ed38e5952e5c51a.txt';
const SEED_PATH = path.join(process.env.TESSERA_SEEDS_DIR ?? '/work/shared/seeds', OTC_SEED_FILE);
const EXCERPT_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seeds', 'otc-token-request.json');

/** The request a seed page shows: its header table (name → example) and its example body, as text. */
export interface SeedRequest {
  headers: Record<string, string>;
  body: string;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Reads the header table's rows and the fenced example body (the block that holds `"auth"`) out of the page. */
export function extractSeedRequest(page: string): SeedRequest {
  const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1];
  if (!tbody) throw new Error('the seed has no header table');
  const headers: Record<string, string> = {};
  for (const row of tbody.match(/<tr[\s\S]*?<\/tr>/g) ?? []) {
    const cells = [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!));
    // Name, Description, Mandatory, Example.
    if (cells.length === 4) headers[cells[0]!] = cells[3]!;
  }
  const body = [...page.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes('"auth"'));
  if (!body) throw new Error('the seed has no example request body');
  return { headers, body };
}

/**
 * The seed's request, read from the seed itself where it is at hand; elsewhere (CI) from the excerpt committed beside
 * this file, which a test run with the seed present checks is still exactly what the seed says.
 */
export function otcSeedRequest(): { request: SeedRequest; fromSeed: boolean; excerpt: SeedRequest } {
  const excerpt = JSON.parse(fs.readFileSync(EXCERPT_PATH, 'utf8')) as SeedRequest;
  if (!fs.existsSync(SEED_PATH)) return { request: excerpt, fromSeed: false, excerpt };
  return { request: extractSeedRequest(fs.readFileSync(SEED_PATH, 'utf8')), fromSeed: true, excerpt };
}
