import { DAY_MS, formatDate } from '../../lib/format';

/** The lifetime rules an expiry choice follows: the token policy's, which every credential kind shares. */
export interface ExpiryPolicy {
  defaultLifetimeDays: number;
  maxLifetimeDays: number | null;
  requireExpiry: boolean;
}

export type ExpiryChoice = '30' | '60' | '90' | '365' | 'custom' | 'never';

const PRESETS: { value: ExpiryChoice; days: number; label: string }[] = [
  { value: '30', days: 30, label: '30 days' },
  { value: '60', days: 60, label: '60 days' },
  { value: '90', days: 90, label: '90 days' },
  { value: '365', days: 365, label: '1 year' },
];

/** The choices the policy allows: presets within the maximum lifetime, a custom date, and never unless expiry is required. */
export function expiryOptions(policy: ExpiryPolicy): { value: ExpiryChoice; label: string }[] {
  const max = policy.maxLifetimeDays;
  const options: { value: ExpiryChoice; label: string }[] = PRESETS.filter((p) => max === null || p.days <= max);
  options.push({ value: 'custom', label: 'Custom date' });
  if (max === null && !policy.requireExpiry) options.push({ value: 'never', label: 'No expiry' });
  return options;
}

/** The preselected choice: the server's default lifetime, so the console and the API agree. */
export function defaultExpiryChoice(policy: ExpiryPolicy): ExpiryChoice {
  const preset = PRESETS.find((p) => p.days === policy.defaultLifetimeDays);
  return preset && (policy.maxLifetimeDays === null || preset.days <= policy.maxLifetimeDays) ? preset.value : 'custom';
}

/** yyyy-mm-dd in local time, as a date input wants it. */
export const toDateInputValue = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export function customDateBounds(policy: ExpiryPolicy, now = Date.now()): { min: string; max?: string } {
  return {
    min: toDateInputValue(new Date(now + DAY_MS)),
    max:
      policy.maxLifetimeDays === null ? undefined : toDateInputValue(new Date(now + policy.maxLifetimeDays * DAY_MS)),
  };
}

/** The expiry to send: an ISO date-time, or null for never. */
export function expiresAtFor(
  choice: ExpiryChoice,
  customDate: string,
  policy: ExpiryPolicy,
  now = Date.now(),
): string | null {
  if (choice === 'never') return null;
  if (choice !== 'custom') return new Date(now + Number(choice) * DAY_MS).toISOString();
  const [y, m, d] = customDate.split('-').map(Number);
  // The end of the chosen local day, but never past the policy's maximum (which counts from now).
  let at = new Date(y!, m! - 1, d!, 23, 59, 59).getTime();
  if (policy.maxLifetimeDays !== null) at = Math.min(at, now + policy.maxLifetimeDays * DAY_MS - 60_000);
  return new Date(at).toISOString();
}

/** Why a custom expiry date cannot be used, in words; undefined when it is within the date picker's bounds. */
export function customDateProblem(customDate: string, policy: ExpiryPolicy, now = Date.now()): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(customDate)) return 'Choose the date the token expires.';
  const { min, max } = customDateBounds(policy, now);
  if (customDate >= min && (!max || customDate <= max)) return undefined;
  const day = (d: string) => formatDate(new Date(`${d}T00:00`));
  return max ? `Choose a date between ${day(min)} and ${day(max)}.` : 'Choose a date in the future.';
}
