import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  RequestTimeoutError,
  isAuthorizationDenial,
  problemFromNetworkError,
  problemFromResponse,
} from '../../../../src/engine/cluster/errors.js';
import type { RequestContext } from '../../../../src/engine/cluster/errors.js';
import { formatProblem } from '../../../../src/engine/problem.js';

const ctx = (over: Partial<RequestContext> = {}): RequestContext => ({
  cluster: 'prod-eu',
  context: 'prod-eu-admin',
  server: 'https://10.0.0.1:6443',
  method: 'GET',
  path: '/apis/apps/v1/namespaces/web/deployments/api',
  ...over,
});

/** Status bodies in the API server's words, one per kind of 403 (test/fixtures/cluster/denials.json). */
const denials = JSON.parse(
  readFileSync(new URL('../../../fixtures/cluster/denials.json', import.meta.url), 'utf8'),
) as Record<string, { message: string }>;

const netError = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('network errors', () => {
  it('says "cannot reach" and names the server URL for a refused connection', () => {
    const e = problemFromNetworkError(netError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.1:6443'), ctx());
    expect(e.problem.code).toBe('cluster.unreachable');
    expect(e.problem.message).toBe(
      'Cluster prod-eu: cannot reach the API server at https://10.0.0.1:6443 (connection refused).',
    );
    expect(e.problem.hint).toMatch(/VPN|firewall/);
    expect(e.status).toBeUndefined();
  });

  it('reports a request time-out as unreachable, with the limit', () => {
    const e = problemFromNetworkError(new RequestTimeoutError(5_000), ctx());
    expect(e.problem).toMatchObject({
      code: 'cluster.unreachable',
      message: 'Cluster prod-eu: the API server at https://10.0.0.1:6443 did not answer within 5 s.',
    });
  });

  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  ])('maps %s to a TLS problem naming the context', (code) => {
    const e = problemFromNetworkError(netError(code, 'certificate problem'), ctx());
    expect(e.problem.code).toBe('cluster.tls');
    expect(e.problem.message).toContain('https://10.0.0.1:6443');
    expect(e.problem.hint).toContain('"prod-eu-admin"');
  });
});

describe('HTTP errors', () => {
  it('401: credentials rejected, says what to do, never shows the token', () => {
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.secret-part';
    const e = problemFromResponse(
      401,
      { kind: 'Status', message: `Unauthorized: Bearer ${token}`, reason: 'Unauthorized' },
      ctx(),
      [token],
    );
    expect(e.problem.code).toBe('cluster.unauthorized');
    expect(e.problem.message).toMatch(/rejected the credentials of context "prod-eu-admin".*expired/);
    expect(e.problem.hint).toMatch(/Log in again/);
    expect(formatProblem(e.problem)).not.toContain('secret-part');
  });

  it('403: names the verb, the resource and the namespace the identity lacks', () => {
    const e = problemFromResponse(
      403,
      {
        kind: 'Status',
        reason: 'Forbidden',
        message:
          'deployments.apps "api" is forbidden: User "viewer" cannot patch resource "deployments" in API group "apps" in the namespace "web"',
        details: { name: 'api', group: 'apps', kind: 'deployments' },
      },
      ctx({ method: 'PATCH', query: { dryRun: 'All' } }),
    );
    expect(e.problem.code).toBe('cluster.forbidden');
    expect(e.problem.message).toBe(
      'Cluster prod-eu: context "prod-eu-admin" may not patch deployments.apps web/api in namespace web (403 Forbidden).',
    );
    expect(e.problem.hint).toContain('"patch" on deployments.apps');
  });

  it.each(['rbac', 'rbac-service-account'])(
    '403 from the authorizer (%s) means the identity may not',
    (name) => {
      const e = problemFromResponse(403, denials[name], ctx({ method: 'PATCH', query: { dryRun: 'All' } }));
      expect(e.problem.code).toBe('cluster.forbidden');
      expect(e.serverMessage).toBe(denials[name]!.message);
    },
  );

  it.each(['resource-quota', 'pod-security', 'webhook', 'namespace-terminating'])(
    '403 from admission (%s) is a refusal of this object, in the server words, not a missing permission',
    (name) => {
      const e = problemFromResponse(403, denials[name], ctx({ method: 'PATCH', query: { dryRun: 'All' } }));
      expect(e.problem.code).toBe('cluster.denied');
      expect(e.problem.message).toBe(
        `Cluster prod-eu: the API server would reject this patch of deployments.apps web/api: ${denials[name]!.message}`,
      );
      expect(e.problem.hint).not.toMatch(/grant/);
    },
  );

  it('a 403 without a Status message, or on a read, is never taken for admission', () => {
    expect(problemFromResponse(403, 'Forbidden', ctx({ method: 'PATCH' })).problem.code).toBe(
      'cluster.forbidden',
    );
    expect(problemFromResponse(403, denials['webhook'], ctx()).problem.code).toBe('cluster.forbidden');
    expect(isAuthorizationDenial(undefined)).toBe(true);
    expect(isAuthorizationDenial('forbidden: User "viewer" cannot get path "/metrics"')).toBe(true);
  });

  it('403 on a cluster-wide list says "across all namespaces"', () => {
    const e = problemFromResponse(
      403,
      { kind: 'Status', reason: 'Forbidden', message: 'no' },
      ctx({ path: '/api/v1/secrets' }),
    );
    expect(e.problem.message).toBe(
      'Cluster prod-eu: context "prod-eu-admin" may not list secrets across all namespaces (403 Forbidden).',
    );
  });

  it('404: an object not found, distinguished from a resource type the server does not serve', () => {
    const missing = problemFromResponse(
      404,
      {
        kind: 'Status',
        reason: 'NotFound',
        message: 'deployments.apps "api" not found',
        details: { name: 'api', group: 'apps', kind: 'deployments' },
      },
      ctx(),
    );
    expect(missing.problem).toMatchObject({
      code: 'cluster.not-found',
      message: 'Cluster prod-eu: deployments.apps web/api not found.',
    });
    expect(missing.detailsName).toBe('api');
    const noType = problemFromResponse(
      404,
      {
        kind: 'Status',
        reason: 'NotFound',
        message: 'the server could not find the requested resource',
        details: {},
      },
      ctx({ path: '/apis/example.dev/v1/widgets' }),
    );
    expect(noType.problem.message).toBe(
      'Cluster prod-eu: the API server at https://10.0.0.1:6443 does not serve widgets.example.dev.',
    );
    expect(noType.detailsName).toBeUndefined();
  });

  it("409 on an apply explains field ownership; 422 carries the server's validation words", () => {
    const conflict = problemFromResponse(
      409,
      {
        kind: 'Status',
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas',
      },
      ctx({ method: 'PATCH' }),
    );
    expect(conflict.problem.code).toBe('cluster.conflict');
    expect(conflict.problem.message).toContain('conflict with "kubectl": .spec.replicas');
    expect(conflict.problem.hint).toMatch(/force/);
    const invalid = problemFromResponse(
      422,
      {
        kind: 'Status',
        reason: 'Invalid',
        message: 'Deployment.apps "api" is invalid: spec.replicas: Invalid value: -1',
      },
      ctx({ method: 'PATCH' }),
    );
    expect(invalid.problem).toMatchObject({ code: 'cluster.invalid' });
    expect(invalid.problem.message).toContain('spec.replicas: Invalid value: -1');
  });

  it('5xx is a server error naming the status; a plain-text body is quoted, shortened', () => {
    const e = problemFromResponse(503, 'upstream connect error '.repeat(50), ctx({ path: '/version' }));
    expect(e.problem.code).toBe('cluster.server-error');
    expect(e.problem.message).toMatch(
      /^Cluster prod-eu: the API server at https:\/\/10\.0\.0\.1:6443 failed to get \/version \(503\): upstream connect error/,
    );
    expect(e.problem.message.length).toBeLessThan(450);
  });

  it('410 is "gone" (the watch relists)', () => {
    expect(
      problemFromResponse(
        410,
        { kind: 'Status', reason: 'Expired', message: 'too old resource version' },
        ctx(),
      ).problem.code,
    ).toBe('cluster.gone');
  });
});
