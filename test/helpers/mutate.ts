import fc from 'fast-check';

/** `text` cut between two offsets and spliced with up to `maxSalt` of the given fragments: hostile near-misses. */
export function spliced(text: string, fragments: readonly string[], maxSalt = 8): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.nat({ max: text.length }),
      fc.nat({ max: text.length }),
      fc.array(fc.constantFrom(...fragments), { maxLength: maxSalt }),
    )
    .map(([a, b, salt]) => text.slice(0, Math.min(a, b)) + salt.join('') + text.slice(Math.max(a, b)));
}
