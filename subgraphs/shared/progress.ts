/** How long a start-up step took, for the progress lines a service prints. */
export function elapsedSince(startedAt: number): string {
  return `${((performance.now() - startedAt) / 1000).toFixed(1)} s`;
}
