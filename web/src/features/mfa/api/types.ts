import type { components } from '../../../lib/api-types';

type Schemas = components['schemas'];

export type MfaStatus = Schemas['MfaStatus'];
export type Passkey = Schemas['Passkey'];
/** Only the start answer has the secret: it must never reach the query cache. */
export type TotpEnrolment = Schemas['TotpEnrolment'];
export type TotpConfirmed = Schemas['TotpConfirmed'];
export type RecoveryCodes = Schemas['RecoveryCodes'];
export type PasskeyAdded = Schemas['PasskeyAdded'];
export type TotpConfirmBody = Schemas['TotpConfirm'];
export type PasskeyRenameBody = Schemas['PasskeyRename'];
