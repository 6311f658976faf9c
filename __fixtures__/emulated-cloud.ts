// An emulated cloud for tests: the JD Cloud pod API emulator and the action sharing one
// VirtualClock, so that minutes of pod transitions and waits take milliseconds, and a runner for
// the action (in-process) with fast, repeatable retries.
import { PodEmulator } from '../emulator/index.js'
import type { EmulatorOptions, Seed } from '../emulator/index.js'
import type { RunOptions } from '../src/main.js'
import { toRebuildSpec } from '../src/pod-spec/from-described.js'
import type { RebuildContainerSpec } from '../src/jdcloud/types.js'
import { emulatorConnection } from './runner-step.js'
import { runAction } from './action-runner.js'
import type { ActionRun } from './action-runner.js'
import { VirtualClock } from './virtual-clock.js'

export interface EmulatedCloud {
  clock: VirtualClock
  emulator: PodEmulator
  /** Inputs every run needs: region, credentials, endpoint. */
  connection: Record<string, string>
  run(
    inputs: Record<string, string>,
    options?: RunOptions & { extraEnv?: Record<string, string> }
  ): Promise<ActionRun>
  /** A pod's containers as rebuild specs: what a deploy must preserve or a rollback restore. */
  specs(podId: string): RebuildContainerSpec[]
  close(): Promise<void>
}

export async function startEmulatedCloud(
  seed: Seed,
  options: Omit<EmulatorOptions, 'clock' | 'seed'> = {}
): Promise<EmulatedCloud> {
  const clock = new VirtualClock()
  const emulator = await PodEmulator.start({ clock, seed, ...options })
  const connection = emulatorConnection(emulator)
  return {
    clock,
    emulator,
    connection,
    run: (inputs, runOptions = {}) =>
      runAction(
        { ...connection, ...inputs },
        { clock, retry: { random: () => 0.5 }, ...runOptions }
      ),
    specs: podId => (emulator.pod(podId).containers ?? []).map(toRebuildSpec),
    close: () => emulator.close()
  }
}

/** Mutating calls of the run, as `api podId` lines, for asserting the order of operations. */
export function mutations(emulator: PodEmulator, since = 0): string[] {
  return emulator
    .mutatingCalls()
    .filter(call => emulator.calls.indexOf(call) >= since)
    .map(call =>
      `${call.api} ${call.podId ?? call.secretName ?? (call.body as { name?: string })?.name ?? ''}`.trim()
    )
}
