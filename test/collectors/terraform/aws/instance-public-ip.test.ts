import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectSourceDir } from '../../../../collectors/terraform/index.js';
import { fact, inventoryOf, sv } from './plan-builder.js';

const ID = 'aws_instance.host';

function fromSource(instanceArgs: string, mapPublicIp = false) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-aws-instance-'));
  writeFileSync(
    join(dir, 'main.tf'),
    `variable "public_ip" {
  type = bool
}

resource "aws_subnet" "app" {
  vpc_id                  = "vpc-0123456789abcdef0"
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = ${String(mapPublicIp)}
}

resource "aws_instance" "host" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "g5.xlarge"
  subnet_id     = aws_subnet.app.id
  ${instanceArgs}
}
`,
  );
  return fact(collectSourceDir(dir), ID, 'internetReachable');
}

describe('aws_instance internetReachable', () => {
  it('from source, keeps a public IP set from a variable without a value unknown (the subnet does not decide)', () => {
    const f = fromSource('associate_public_ip_address = var.public_ip');
    expect(f?.state).toBe('unknown');
    expect(f?.attribute).toBe('associate_public_ip_address');
  });

  it('from source, takes an unset public IP from the subnet', () => {
    expect(sv(fromSource('', true))).toEqual({ state: 'explicit', value: true });
    expect(sv(fromSource('', false))).toEqual({ state: 'explicit', value: false });
    expect(sv(fromSource('associate_public_ip_address = false', true))).toEqual({
      state: 'explicit',
      value: false,
    });
  });

  it('in a plan, takes the computed attribute from the subnet and a known null from public_ip', () => {
    const subnet = (publicIp: boolean) => ({
      address: 'aws_subnet.app',
      values: { id: 'subnet-1', map_public_ip_on_launch: publicIp },
      action: 'no-op' as const,
    });
    const planned = (publicIp: boolean) =>
      inventoryOf([
        subnet(publicIp),
        {
          address: ID,
          values: { subnet_id: 'subnet-1', associate_public_ip_address: null },
          unknown: { associate_public_ip_address: true },
          refs: { subnet_id: ['aws_subnet.app.id', 'aws_subnet.app'] },
        },
      ]);
    expect(sv(fact(planned(true), ID, 'internetReachable'))).toEqual({ state: 'explicit', value: true });
    expect(sv(fact(planned(false), ID, 'internetReachable'))).toEqual({ state: 'explicit', value: false });
    const existing = inventoryOf([
      subnet(true),
      {
        address: ID,
        values: { subnet_id: 'subnet-1', associate_public_ip_address: null, public_ip: '' },
        action: 'no-op',
      },
    ]);
    expect(sv(fact(existing, ID, 'internetReachable'))).toEqual({ state: 'default', value: false });
  });
});
