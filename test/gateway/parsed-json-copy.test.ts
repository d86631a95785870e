/** copyOfParsedJson: an equal copy of a parsed subgraph answer that shares no object or array with it. */
import { expect, it } from 'vitest';
import { copyOfParsedJson } from '../../gateway/parsed-json-copy.js';

function containers(value: unknown, found: object[] = []): object[] {
  if (value !== null && typeof value === 'object') {
    found.push(value);
    for (const field of Object.values(value)) containers(field, found);
  }
  return found;
}

it('copies every object and array of a parsed answer, equal field for field and in the same order', () => {
  const text = JSON.stringify({
    data: { _entities: [{ __typename: 'Customer', id: 'c1', rates: [{ unitPrice: { amount: '0.05', currency: 'EUR' } }, null], calls: 3, active: true }, null, [1, 'two', false]] },
  });
  const parsed = JSON.parse(text) as unknown;
  const copy = copyOfParsedJson(parsed);
  expect(JSON.stringify(copy)).toBe(text);
  expect(copy).toStrictEqual(parsed);
  const originals = new Set(containers(parsed));
  expect(containers(copy).filter((container) => originals.has(container))).toEqual([]);
});

it('keeps a "__proto__" field as a field, leaving the copy an ordinary object', () => {
  const parsed = JSON.parse('{"__proto__":{"polluted":true},"name":"x"}') as Record<string, unknown>;
  const copy = copyOfParsedJson(parsed);
  expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
  expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
  expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"name":"x"}');
});

it('returns plain values as they are', () => {
  expect([null, 0, 'text', false].map((value) => copyOfParsedJson(value))).toEqual([null, 0, 'text', false]);
});
