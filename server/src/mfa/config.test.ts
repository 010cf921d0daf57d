import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

describe('TESSERA_REQUIRE_MFA', () => {
  it('is none by default and reads admins and all', () => {
    expect(loadConfig({}).requireMfa).toBe('none');
    expect(loadConfig({ TESSERA_REQUIRE_MFA: 'admins' }).requireMfa).toBe('admins');
    expect(loadConfig({ TESSERA_REQUIRE_MFA: 'all' }).requireMfa).toBe('all');
  });

  it('refuses another value, naming the variable', () => {
    expect(() => loadConfig({ TESSERA_REQUIRE_MFA: 'sometimes' })).toThrow(ConfigError);
    expect(() => loadConfig({ TESSERA_REQUIRE_MFA: 'sometimes' })).toThrow(/TESSERA_REQUIRE_MFA/);
  });
});
