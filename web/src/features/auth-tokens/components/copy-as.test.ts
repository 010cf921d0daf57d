import { describe, expect, it } from 'vitest';
import { COPY_AS, copyAsText } from './copy-as';

const ctx = { token: 'tsr_abc', username: 'bob', origin: 'https://tessera.example.com:8443' };

describe('copy as', () => {
  it('gives each choice with the token, the username where Basic or .netrc need it, and the host', () => {
    expect(COPY_AS.map((c) => copyAsText(c.value, ctx))).toEqual([
      'curl -H "Authorization: Bearer tsr_abc" https://tessera.example.com:8443/api/whoami',
      'curl -H "X-Auth-Token: tsr_abc" https://tessera.example.com:8443/api/whoami',
      "curl -u 'bob:tsr_abc' https://tessera.example.com:8443/api/whoami",
      'export TESSERA_TOKEN=tsr_abc',
      'machine tessera.example.com login bob password tsr_abc',
    ]);
  });
});
