import type { CallResult } from './runtime.js';

export interface Listing<T> {
  readonly items: T[];
  /** Set when a page failed or the token repeated: the items are those read before. */
  readonly incomplete?: { readonly code: string; readonly message: string };
}

/**
 * Every list call goes through here: pages are read until the service returns no token. A token seen before
 * would loop forever, so the listing stops there and says so (the caller's `onRepeat` writes the note).
 */
export async function paginate<P, T>(
  page: (token: string | undefined) => Promise<CallResult<P>>,
  read: (page: P) => { readonly items: readonly T[] | undefined; readonly next: string | undefined },
  onRepeat: (token: string, pages: number) => void,
): Promise<Listing<T>> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const got = await page(token);
    if (!got.ok) return { items, incomplete: { code: got.code, message: got.message } };
    const { items: these, next } = read(got.value);
    items.push(...(these ?? []));
    if (next === undefined || next === '') return { items };
    if (seen.has(next)) {
      onRepeat(next, pages);
      return {
        items,
        incomplete: {
          code: 'RepeatedPageToken',
          message: 'the service returned a page token it had returned before',
        },
      };
    }
    seen.add(next);
    token = next;
  }
}
