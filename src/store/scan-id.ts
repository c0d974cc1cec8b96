import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_BITS = 80n;

let last = { time: -1, random: 0n };

function encode(value: bigint, length: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = (ALPHABET[Number(rest & 31n)] ?? '0') + out;
    rest >>= 5n;
  }
  return out;
}

/**
 * A ULID: 48 bits of milliseconds and 80 random bits in Crockford base32, 26 characters. Ids made in one process
 * within the same millisecond count up, so they sort in the order they were made.
 */
export function newScanId(now: number = Date.now()): string {
  let random = BigInt(`0x${randomBytes(10).toString('hex')}`);
  let time = now;
  if (time <= last.time) {
    time = last.time;
    random = (last.random + 1n) & ((1n << RANDOM_BITS) - 1n);
  }
  last = { time, random };
  return encode(BigInt(time), 10) + encode(random, 16);
}

export const SCAN_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
