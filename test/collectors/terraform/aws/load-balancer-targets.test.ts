import { describe, expect, it } from 'vitest';
import { fact, flow, inventoryOf, sv, type TestResource } from './plan-builder.js';

const LB = 'aws_lb.gw';
const base: TestResource[] = [
  { address: LB, values: { name: 'gw', internal: false }, unknown: { arn: true, id: true } },
  { address: 'aws_lb_target_group.tg', values: { name: 'tg', port: 8080 }, unknown: { arn: true, id: true } },
  { address: 'aws_lb_target_group.other', values: { name: 'other' }, unknown: { arn: true, id: true } },
  { address: 'aws_instance.host', values: { instance_type: 'g5.xlarge' }, unknown: { id: true, arn: true } },
  { address: 'aws_instance.spare', values: { instance_type: 'g5.xlarge' }, unknown: { id: true, arn: true } },
  {
    address: 'aws_lambda_function.fn',
    values: { function_name: 'fn', role: 'arn:aws:iam::111122223333:role/fn' },
    unknown: { arn: true },
  },
  {
    address: 'aws_lb_target_group_attachment.host',
    values: { port: 8080 },
    unknown: { target_group_arn: true, target_id: true },
    refs: {
      target_group_arn: ['aws_lb_target_group.tg.arn', 'aws_lb_target_group.tg'],
      target_id: ['aws_instance.host.id', 'aws_instance.host'],
    },
  },
  {
    address: 'aws_lb_target_group_attachment.fn',
    values: {},
    unknown: { target_group_arn: true, target_id: true },
    refs: {
      target_group_arn: ['aws_lb_target_group.tg.arn', 'aws_lb_target_group.tg'],
      target_id: ['aws_lambda_function.fn.arn', 'aws_lambda_function.fn'],
    },
  },
  {
    address: 'aws_lb_target_group_attachment.spare',
    values: { port: 8080 },
    unknown: { target_group_arn: true, target_id: true },
    refs: {
      target_group_arn: ['aws_lb_target_group.other.arn', 'aws_lb_target_group.other'],
      target_id: ['aws_instance.spare.id', 'aws_instance.spare'],
    },
  },
];

describe('aws_lb_listener forward actions', () => {
  it('lets the load balancer invoke the targets registered in the target groups it forwards to', () => {
    const inv = inventoryOf([
      ...base,
      {
        address: 'aws_lb_listener.http',
        values: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: null }] },
        unknown: { load_balancer_arn: true, default_action: [{ target_group_arn: true }] },
        refs: {
          load_balancer_arn: ['aws_lb.gw.arn', 'aws_lb.gw'],
          'default_action.0.target_group_arn': ['aws_lb_target_group.tg.arn', 'aws_lb_target_group.tg'],
        },
      },
    ]);
    expect(flow(inv, 'invoke', LB, 'aws_instance.host')).toBeDefined();
    expect(flow(inv, 'invoke', LB, 'aws_lambda_function.fn')).toBeDefined();
    expect(flow(inv, 'invoke', LB, 'aws_instance.spare')).toBeUndefined();
    expect(sv(fact(inv, LB, 'encryptedInTransit'))).toEqual({ state: 'explicit', value: false });
  });

  it('follows weighted forward blocks, and nothing for a redirect-only listener', () => {
    const forward = inventoryOf([
      ...base,
      {
        address: 'aws_lb_listener.https',
        values: {
          port: 443,
          protocol: 'HTTPS',
          default_action: [{ type: 'forward', forward: [{ target_group: [{ arn: null, weight: 1 }] }] }],
        },
        unknown: {
          load_balancer_arn: true,
          default_action: [{ forward: [{ target_group: [{ arn: true }] }] }],
        },
        refs: {
          load_balancer_arn: ['aws_lb.gw.arn', 'aws_lb.gw'],
          'default_action.0.forward.0.target_group.0.arn': [
            'aws_lb_target_group.other.arn',
            'aws_lb_target_group.other',
          ],
        },
      },
    ]);
    expect(flow(forward, 'invoke', LB, 'aws_instance.spare')).toBeDefined();
    expect(flow(forward, 'invoke', LB, 'aws_instance.host')).toBeUndefined();
    const redirect = inventoryOf([
      ...base,
      {
        address: 'aws_lb_listener.http',
        values: {
          port: 80,
          protocol: 'HTTP',
          default_action: [
            { type: 'redirect', redirect: [{ port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' }] },
          ],
        },
        unknown: { load_balancer_arn: true },
        refs: { load_balancer_arn: ['aws_lb.gw.arn', 'aws_lb.gw'] },
      },
    ]);
    expect(redirect.flows.filter((f) => f.kind === 'invoke' && f.from === LB)).toEqual([]);
  });
});

describe('aws_lb_listener encryption and authentication over several listeners', () => {
  const listener = (name: string, protocol: string, type: string): TestResource => ({
    address: `aws_lb_listener.${name}`,
    values: { port: protocol === 'HTTPS' ? 443 : 80, protocol, default_action: [{ type }] },
    unknown: { load_balancer_arn: true },
    refs: { load_balancer_arn: ['aws_lb.gw.arn', 'aws_lb.gw'] },
  });

  it('needs every listener that serves traffic to encrypt: an HTTP listener that forwards beside HTTPS is plaintext', () => {
    const inv = inventoryOf([
      ...base,
      listener('https', 'HTTPS', 'forward'),
      listener('http', 'HTTP', 'forward'),
    ]);
    expect(sv(fact(inv, LB, 'encryptedInTransit'))).toEqual({ state: 'explicit', value: false });
    expect(sv(fact(inv, LB, 'requiresAuthentication'))).toEqual({ state: 'explicit', value: false });
  });

  it('leaves out listeners that only redirect or answer themselves', () => {
    const inv = inventoryOf([
      ...base,
      listener('https', 'HTTPS', 'forward'),
      listener('http', 'HTTP', 'redirect'),
      listener('health', 'HTTP', 'fixed-response'),
    ]);
    expect(sv(fact(inv, LB, 'encryptedInTransit'))).toEqual({ state: 'explicit', value: true });
  });
});
