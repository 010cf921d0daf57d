/** The deployment's one Keystone domain; its id is fixed like OpenStack's own `default` domain. */
export const DOMAIN_ID = 'default';
