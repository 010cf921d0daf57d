import type { components } from '../../../lib/api-types';

/** Whether the bootstrap token is configured and on, and its last use. */
export type BootstrapTokenStatus = components['schemas']['BootstrapTokenStatus'];
export type UpdateBootstrapTokenBody = components['schemas']['UpdateBootstrapToken'];
