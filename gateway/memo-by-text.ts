/**
 * A pure function of a text, remembered: the subgraph operations come from the gateway's cached
 * query plans, a few hundred texts sent over and over, so each is read once, not on every fetch.
 * Emptied when `limit` are kept, so a flood of distinct texts costs reading again, never memory.
 */
export function memoByText<T>(limit: number, read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text)!;
    const value = read(text);
    if (known.size >= limit) known.clear();
    known.set(text, value);
    return value;
  };
}
