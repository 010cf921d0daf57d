// oidc-provider ships no types: the little of it the tests use.
declare module 'oidc-provider' {
  import type { RequestListener } from 'node:http';
  export interface ProviderInstance {
    callback(): RequestListener;
    on(event: string, listener: (...args: never[]) => void): this;
  }
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;
  export default Provider;
}
