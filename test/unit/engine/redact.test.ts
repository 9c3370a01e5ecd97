/** The one redaction module: every credential shape and known value becomes the one mask. */
import { describe, expect, it } from 'vitest';
import {
  MASK,
  createRedactor,
  redact,
  redactAuthorization,
  redactProblem,
  redactSecretFields,
  redactSecrets,
  redactUrlCredentials,
} from '../../../src/engine/redact.js';

describe('redaction', () => {
  it('masks URL credentials of any scheme and keeps the rest', () => {
    expect(redactUrlCredentials('GET https://bob:s3cret@git.example.com/x.git failed')).toBe(
      `GET https://${MASK}@git.example.com/x.git failed`,
    );
    expect(redactUrlCredentials('ssh://tok@host/r and http://plain/x')).toBe(
      `ssh://${MASK}@host/r and http://plain/x`,
    );
  });

  it('masks Authorization headers of any scheme, and bearer and basic credentials anywhere', () => {
    expect(redactAuthorization('Authorization: Token abc123 sent')).toBe(`Authorization: ${MASK}`);
    expect(redactAuthorization('{"authorization":"Bearer abc.def"}')).toBe(`{"authorization":"${MASK}"}`);
    expect(redactAuthorization('got Bearer abc.def-ghi and Basic dXNlcjpwYXNz here')).toBe(
      `got Bearer ${MASK} and Basic ${MASK} here`,
    );
  });

  it('masks token and password fields as YAML, JSON and query strings spell them', () => {
    const text = [
      '    token: sUp3rS3cr3t',
      '    id-token: eyJhbGci',
      '    client-key-data: LS0tLS1CRUdJTg==',
      '{"password":"hunter2","user":"bob"}',
      '/x?access_token=abc&x=1',
    ].join('\n');
    const out = redactSecretFields(text);
    expect(out).not.toMatch(/sUp3rS3cr3t|eyJhbGci|LS0tLS1CRUdJTg|hunter2|access_token=abc/);
    expect(out).toContain(`token: ${MASK}`);
    expect(out).toContain('"user":"bob"');
    expect(out).toContain('x=1');
  });

  it('leaves ordinary words alone', () => {
    const text = 'tokenEnv: GIT_TOKEN names the variable; Secret shop/db is masked; mytoken-xyz stays';
    expect(redact(text)).toBe(text);
  });

  it('masks a known value, its URL encoding and its basic-auth form', () => {
    const token = 'tok/en+value';
    const redactor = createRedactor([token], 'bob');
    const header = Buffer.from(`bob:${token}`).toString('base64');
    expect(redactor(`a ${token} b ${encodeURIComponent(token)} c ${header}`)).toBe(
      `a ${MASK} b ${MASK} c ${MASK}`,
    );
  });

  it('masks known values and shapes together, but not values too short to be told from words', () => {
    const out = redactSecrets('key mytoken-xyz, pin abc, Bearer q.r.s', ['mytoken-xyz', 'abc']);
    expect(out).toBe(`key ${MASK}, pin abc, Bearer ${MASK}`);
  });

  it('masks the message of a problem and hint, not its field path, with the given redactor', () => {
    const problem = {
      code: 'x',
      message: 'token: abcdef in https://u:p@h/r',
      hint: 'retry with my-secret-value',
      source: { field: 'repos[0].auth.token' },
    };
    expect(redactProblem(problem, createRedactor(['my-secret-value']))).toEqual({
      code: 'x',
      message: `token: ${MASK} in https://${MASK}@h/r`,
      hint: `retry with ${MASK}`,
      source: { field: 'repos[0].auth.token' },
    });
  });
});
