/**
 * Where the story of a run is told. Orchestration writes here; main.ts plugs in @actions/core
 * and tests plug in a memory log, so no rollout code touches the runner directly.
 */
export interface Log {
  info(message: string): void
  warning(message: string): void
  // No error(): a run has one ::error annotation, its verdict, which main.ts writes.
  /** Shown only with step debug logging on: never put a credential here either. */
  debug(message: string): void
  /** A collapsible group in the job log. */
  group(title: string, lines: readonly string[]): void
}
