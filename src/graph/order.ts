/** Id order, the one order the graph keeps its assets and flows in (plain code-unit comparison, as `sort()`). */
export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function inIdOrder(list: readonly { readonly id: string }[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (byId(list[i - 1] as { id: string }, list[i] as { id: string }) > 0) return false;
  return true;
}

/**
 * The items of several id-ordered lists in id order; on equal ids the earlier list comes first. Meant for a few
 * lists: the smallest head is found by a scan.
 */
export function mergeById<T extends { readonly id: string }>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const at = lists.map(() => 0);
  const head = (i: number): T | undefined => (lists[i] as readonly T[])[at[i] as number];
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const h = head(i);
      if (h !== undefined && (pick < 0 || byId(h, head(pick) as T) < 0)) pick = i;
    }
    if (pick < 0) return out;
    out.push(head(pick) as T);
    at[pick] = (at[pick] as number) + 1;
  }
}
