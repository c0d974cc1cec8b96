/**
 * A fact is a security property of an asset with its provenance. Facts are three-valued: a value that is
 * only known after apply, an unresolvable expression or a denied API call is `unknown`, never true or false.
 * Rules must go through isTrue/isFalse, which are both false for unknown.
 */
export type FactValue = boolean | string | number | readonly string[];

export interface ExplicitFact<T extends FactValue> {
  readonly state: 'explicit';
  readonly value: T;
  /** Attribute path the value was read from, e.g. `data_capture_config[0].enable_capture`. */
  readonly attribute: string;
}

/** The attribute was absent, so the provider's documented default applies (location: the parent resource). */
export interface DefaultFact<T extends FactValue> {
  readonly state: 'default';
  readonly value: T;
  readonly attribute: string;
}

export interface UnknownFact {
  readonly state: 'unknown';
  readonly attribute: string;
  /** Why the value cannot be known, e.g. "known only after apply". */
  readonly reason: string;
}

export type Fact<T extends FactValue = FactValue> = ExplicitFact<T> | DefaultFact<T> | UnknownFact;

export function explicit<T extends FactValue>(value: T, attribute: string): ExplicitFact<T> {
  return { state: 'explicit', value, attribute };
}

export function byDefault<T extends FactValue>(value: T, attribute: string): DefaultFact<T> {
  return { state: 'default', value, attribute };
}

export function unknown(attribute: string, reason: string): UnknownFact {
  return { state: 'unknown', attribute, reason };
}

export function isKnown<T extends FactValue>(
  fact: Fact<T> | undefined,
): fact is ExplicitFact<T> | DefaultFact<T> {
  return fact !== undefined && fact.state !== 'unknown';
}

export function isUnknown(fact: Fact | undefined): fact is UnknownFact {
  return fact !== undefined && fact.state === 'unknown';
}

/** True only when the fact is known and true. Absent facts and unknown facts are not true. */
export function isTrue(fact: Fact | undefined): boolean {
  return isKnown(fact) && fact.value === true;
}

/** True only when the fact is known and false. Absent facts and unknown facts are not false. */
export function isFalse(fact: Fact | undefined): boolean {
  return isKnown(fact) && fact.value === false;
}

/** The known value, or undefined when the fact is absent or unknown. */
export function known<T extends FactValue>(fact: Fact<T> | undefined): T | undefined {
  return isKnown(fact) ? fact.value : undefined;
}

/** Three-valued AND: false if any is false, unknown if any is unknown, else true. */
export function allOf(...facts: (Fact<boolean> | undefined)[]): 'true' | 'false' | 'unknown' {
  let sawUnknown = false;
  for (const f of facts) {
    if (isFalse(f)) return 'false';
    if (!isTrue(f)) sawUnknown = true;
  }
  return sawUnknown ? 'unknown' : 'true';
}

/** Three-valued OR: true if any is true, unknown if any is unknown, else false. */
export function anyOf(...facts: (Fact<boolean> | undefined)[]): 'true' | 'false' | 'unknown' {
  let sawUnknown = false;
  for (const f of facts) {
    if (isTrue(f)) return 'true';
    if (!isFalse(f)) sawUnknown = true;
  }
  return sawUnknown ? 'unknown' : 'false';
}

/**
 * Three-valued OR over facts, keeping the deciding fact (its attribute is the evidence): the first true, else the
 * first unknown, else the first explicit false; `empty` when there are none.
 */
export function anyFact(facts: readonly Fact<boolean>[], empty: Fact<boolean>): Fact<boolean> {
  return (
    facts.find(isTrue) ??
    facts.find(isUnknown) ??
    facts.find((f) => f.state === 'explicit') ??
    facts[0] ??
    empty
  );
}

/** Three-valued AND over facts, keeping the deciding fact: the first false, else the first unknown, else a true. */
export function everyFact(facts: readonly Fact<boolean>[], empty: Fact<boolean>): Fact<boolean> {
  return (
    facts.find(isFalse) ??
    facts.find(isUnknown) ??
    facts.find((f) => f.state === 'explicit') ??
    facts[0] ??
    empty
  );
}
