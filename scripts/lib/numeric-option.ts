/** A benchmark's numeric command-line option (`--seconds 10`), refused with a message naming it when out of range. */
export function positiveOption(name: string, raw: string, max: number): number {
  const value = Number(raw);
  if (!(value > 0 && value <= max)) throw new Error(`--${name} must be a number above 0 and at most ${max}, got ${raw}`);
  return value;
}
