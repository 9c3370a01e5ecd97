import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../../src/engine/config/duration.js';
import {
  dnsLabelProblem,
  labelKeyProblem,
  labelValueProblem,
  toDnsLabel,
} from '../../../../src/engine/config/names.js';
import { matchesSelector } from '../../../../src/engine/config/selector.js';
import { closestMatch } from '../../../../src/engine/config/suggest.js';
import { checkPlaceholders, expandPlaceholders } from '../../../../src/engine/config/template.js';
import { formatFieldPath } from '../../../../src/engine/config/yaml-source.js';

describe('durations', () => {
  it('add up units and refuse anything else', () => {
    expect(parseDuration('2h45m10s')).toBe(9_910_000);
    expect(parseDuration('0.5s')).toBe(500);
    expect(parseDuration('5')).toBeUndefined();
    expect(parseDuration('5M')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});

describe('names and labels', () => {
  it('follow the Kubernetes rules', () => {
    expect(dnsLabelProblem('web-1')).toBeUndefined();
    expect(dnsLabelProblem('-web')).toMatch(/start and end/);
    expect(dnsLabelProblem('web.app')).toMatch(/contains "\."/);
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelKeyProblem('Example.com/x')).toMatch(/prefix/);
    expect(labelKeyProblem('a/')).toMatch(/empty name/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_x')).toBeUndefined();
    expect(labelValueProblem('a b')).toBeDefined();
  });

  it('turn any context name into a label', () => {
    expect(toDnsLabel('__')).toBe('cluster');
    expect(toDnsLabel(`${'a'.repeat(62)}_b`)).toBe('a'.repeat(62));
  });
});

describe('selectors', () => {
  it('match as Kubernetes does', () => {
    const labels = { env: 'prod', region: 'eu' };
    const sel = (
      matchLabels: Record<string, string>,
      ...matchExpressions: {
        key: string;
        operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
        values: string[];
      }[]
    ) => matchesSelector({ matchLabels, matchExpressions }, labels);
    expect(sel({})).toBe(true);
    expect(sel({ env: 'prod' }, { key: 'region', operator: 'NotIn', values: ['us'] })).toBe(true);
    expect(sel({ env: 'prod' }, { key: 'region', operator: 'In', values: ['us'] })).toBe(false);
    expect(sel({}, { key: 'zone', operator: 'NotIn', values: ['a'] })).toBe(true);
    expect(sel({}, { key: 'zone', operator: 'In', values: ['a'] })).toBe(false);
    // In needs the label to exist; an empty value does not stand for a missing label.
    expect(sel({}, { key: 'zone', operator: 'In', values: [''] })).toBe(false);
    expect(sel({}, { key: 'zone', operator: 'NotIn', values: [''] })).toBe(true);
    expect(
      matchesSelector(
        { matchLabels: {}, matchExpressions: [{ key: 'zone', operator: 'NotIn', values: [''] }] },
        { zone: '' },
      ),
    ).toBe(false);
  });
});

describe('suggestions', () => {
  it('offer close words and completions, never distant ones', () => {
    expect(closestMatch('destinaton', ['destination', 'repo'])).toBe('destination');
    expect(closestMatch('ptah', ['path', 'repo'])).toBe('path');
    expect(closestMatch('username', ['usernameEnv', 'tokenEnv'])).toBe('usernameEnv');
    expect(closestMatch('kind', ['repo', 'path'])).toBeUndefined();
  });
});

describe('placeholders', () => {
  const cluster = { name: 'prod', context: 'ctx', labels: { env: 'prod' } };

  it('expand known placeholders and report the ones a cluster cannot fill', () => {
    expect(expandPlaceholders('{{cluster.name}}-{{ cluster.labels.env }}', cluster)).toEqual({
      value: 'prod-prod',
      missing: [],
    });
    expect(
      expandPlaceholders('{{cluster.labels.zone}}/{{cluster.labels.zone}}', cluster).missing.map(
        (m) => m.occurrence,
      ),
    ).toEqual([0, 1]);
  });

  it('refuse unknown expressions and bad label keys', () => {
    expect(checkPlaceholders('{{cluster.server}}')[0]?.message).toBe(
      'Unknown placeholder {{cluster.server}}.',
    );
    expect(checkPlaceholders('{{cluster.labels.a b}}')[0]?.message).toMatch(/label key "a b"/);
    expect(checkPlaceholders('no placeholders')).toEqual([]);
  });
});

describe('field paths', () => {
  it('read like code, quoting keys that are not plain words', () => {
    expect(formatFieldPath(['apps', 2, 'destination', 'cluster'])).toBe('apps[2].destination.cluster');
    expect(formatFieldPath(['clusters', 0, 'labels', 'app.kubernetes.io/name'])).toBe(
      'clusters[0].labels["app.kubernetes.io/name"]',
    );
  });
});
