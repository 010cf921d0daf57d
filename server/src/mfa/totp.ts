import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;

export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const totpUri = (issuer: string, account: string, secret: string): string =>
  generateURI({ issuer, label: account, secret, period: PERIOD });

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
  const result = await verify({
    secret,
    token: code,
    period: PERIOD,
    epochTolerance: PERIOD,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
