/**
 * A deep copy of what JSON.parse made of a subgraph's answer (objects, arrays and plain values
 * only): each waiter on a shared subgraph fetch gets its own, because the gateway writes into
 * the data it merges. structuredClone took ten times as long over a page of 100 entities.
 */
export function copyOfParsedJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) items[index] = copyOfParsedJson(value[index]);
    return items as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = copyOfParsedJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes "__proto__" an own field; assigned, it would replace the copy's prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: field, enumerable: true, writable: true, configurable: true });
    else copy[key] = field;
  }
  return copy as T;
}
