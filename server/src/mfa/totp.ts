/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
// Loaded on first use (with its hash and base32 libraries about 9 MB of a server's memory): a code is typed by a
// person signing in, never on the token path the benchmark's peak-RSS target measures.
let library: Promise<typeof import('otplib')> | undefined;
const otplib = () => (library ??= import('otplib'));

export const newTotpSecret = async (): Promise<string> => (await otplib()).generateSecret({ length: 20 });

export const totpUri = async (issuer: string, account: string, secret: string): Promise<string> =>
  (await otplib()).generateURI({ issuer, label: account, secret, period: PERIOD });

/**
 * The time step of a code that matches now, one step before or after (clock drift), and is later than `afterStep`;
 * undefined otherwise. The caller still records the step atomically (MfaRepository.acceptTotpStep), so two requests
 * racing with one code cannot both pass.
 */
export async function matchingStep(
  secret: string,
  code: string,
  afterStep: number | null,
): Promise<number | undefined> {
  code = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return undefined;
  const { verify } = await otplib();
  const result = await verify({
    secret,
    token: code,
    period: PERIOD,
    epochTolerance: PERIOD,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
