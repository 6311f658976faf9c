// npm run bench: measures the bundled action (dist/index.js) against the local emulator, in real
// time, and prints the figures docs/benchmarks.md records. Not a test: numbers vary with the machine.
import { readFileSync } from 'node:fs'
import { PodEmulator, podSeed } from '../emulator/index.js'
import type { Timings } from '../emulator/index.js'
import { emulatorConnection, runBundled } from '../__fixtures__/runner-step.js'
import type { BundledRun } from '../__fixtures__/runner-step.js'

const RUNS = Number(process.env.BENCH_RUNS ?? 10)
/** Short but real transitions: stop → rebuild → start → ready in about 2.5 s. */
const TIMINGS: Partial<Timings> = {
  stopMs: 500,
  startMs: 500,
  rebuildMs: 500,
  pullMs: 500,
  readyMs: 500
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

function fleet(count: number, image?: string) {
  return Array.from({ length: count }, (_, i) =>
    podSeed({
      podId: `pod-b${String(i).padStart(3, '0')}`,
      name: `bench-${i}`,
      ...(image ? { containers: [{ image }] } : {})
    })
  )
}

async function withEmulator<T>(
  pods: number,
  use: (emulator: PodEmulator) => Promise<T>,
  timings: Partial<Timings> = TIMINGS
): Promise<T> {
  const emulator = await PodEmulator.start({
    seed: { pods: fleet(pods), images: { 'registry.example.com/shop/web:stuck': 'never-ready' } },
    timings
  })
  try {
    return await use(emulator)
  } finally {
    await emulator.close()
  }
}

/** Peak resident memory of a child, sampled from /proc while it runs (Linux). */
function watchPeakRss(pid: number | undefined): () => number {
  let peak = 0
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8')
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status)
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024)
    } catch {
      // the process has exited
    }
  }, 20)
  return () => {
    clearInterval(timer)
    return peak
  }
}

async function coldStart(): Promise<number[]> {
  return withEmulator(1, async emulator => {
    const samples: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const before = emulator.calls.length
      const spawnedAt = Date.now()
      await runBundled({ ...emulatorConnection(emulator), operation: 'status', pods: 'pod-b000' })
      const first = emulator.calls[before]
      if (first) samples.push(first.at - spawnedAt)
    }
    return samples
  })
}

/**
 * From the emulator marking the last container ready to the action's exit. Readiness comes at a
 * different moment of the once-a-second sweep in each run (as it would against JD Cloud), so the
 * median is not an artefact of one lucky phase.
 */
async function detectionLatency(): Promise<{ latency: number[]; rss: number[] }> {
  const latency: number[] = []
  const rss: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const timings = { ...TIMINGS, readyMs: 500 + Math.round((1000 * i) / RUNS) }
    await withEmulator(
      1,
      async emulator => {
        let stopPeak = (): number => 0
        const run: BundledRun = await runBundled(
          {
            ...emulatorConnection(emulator),
            pods: 'pod-b000',
            image: `registry.example.com/shop/web:1.${i + 1}`
          },
          { onSpawn: child => (stopPeak = watchPeakRss(child.pid)) }
        )
        const exitedAt = Date.now()
        rss.push(stopPeak())
        const start = emulator.callsTo('startPod')[0]
        if (run.outputs.result !== 'succeeded' || !start)
          throw new Error(`deploy failed: ${run.stdout}`)
        const readyAt = start.at + (timings.startMs ?? 0) + (timings.pullMs ?? 0) + timings.readyMs
        latency.push(exitedAt - readyAt)
      },
      timings
    )
  }
  return { latency, rss }
}

/** describe calls per pod per minute while pods wait on readiness that never comes. */
async function callsPerPodMinute(pods: number): Promise<number> {
  return withEmulator(pods, async emulator => {
    const ids = fleet(pods)
      .map(pod => pod.podId)
      .join(',')
    await runBundled({
      ...emulatorConnection(emulator),
      pods: ids,
      image: 'registry.example.com/shop/web:stuck',
      'max-parallel': String(pods),
      timeout: '40s',
      rollback: 'false'
    })
    const starts = emulator.callsTo('startPod').map(call => call.at)
    const waitFrom = Math.max(...starts)
    const describes = emulator.calls.filter(
      call => (call.api === 'describePods' || call.api === 'describePod') && call.at >= waitFrom
    )
    const minutes = (Math.max(...describes.map(call => call.at)) - waitFrom) / 60_000
    return describes.length / pods / minutes
  })
}

async function fleetRatio(): Promise<{ one: number; fifty: number }> {
  const time = (pods: number) =>
    withEmulator(pods, async emulator => {
      const run = await runBundled({
        ...emulatorConnection(emulator),
        pods: fleet(pods)
          .map(pod => pod.podId)
          .join(','),
        image: 'registry.example.com/shop/web:2.0',
        'max-parallel': String(pods)
      })
      if (run.outputs.result !== 'succeeded')
        throw new Error(`deploy of ${pods} failed: ${run.stdout}`)
      return run.elapsedMs
    })
  return { one: await time(1), fifty: await time(50) }
}

/**
 * A two-pod service behind a load balancer, deployed one pod at a time with a 1 s drain: the
 * longest time the group had no healthy target carrying traffic (goal 0), and what the balancer
 * steps add per pod beyond the drain and the balancer's own health check (goal ≤ 1 s): the
 * drain's overshoot (from leaving traffic to the stop) plus the lag from "healthy" to the action
 * seeing it. An alb leaves traffic by updateTargets weight 0, an nlb by deregistration.
 */
async function balancedService(
  loadBalancerType: 'alb' | 'nlb'
): Promise<{ gapMs: number[]; addedMs: number[] }> {
  const gapMs: number[] = []
  const addedMs: number[] = []
  const drainMs = 1000
  const lbHealthyMs = 500
  for (let run = 0; run < Math.max(3, RUNS / 2); run++) {
    const emulator = await PodEmulator.start({
      seed: {
        pods: fleet(2),
        loadBalancing: {
          targetGroups: [
            { targetGroupId: 'tg-bench', loadBalancerId: 'lb-bench', loadBalancerType }
          ],
          backends: [
            {
              backendId: 'backend-bench',
              port: 80,
              targetGroupIds: ['tg-bench'],
              ...(loadBalancerType === 'nlb' ? { connectionDrainingSeconds: 0 } : {})
            }
          ],
          targets: fleet(2).map(pod => ({
            targetGroupId: 'tg-bench',
            type: 'container',
            instanceId: pod.podId,
            port: 80
          }))
        }
      },
      timings: { ...TIMINGS, lbHealthyMs }
    })
    try {
      const result = await runBundled({
        ...emulatorConnection(emulator),
        pods: fleet(2)
          .map(pod => pod.podId)
          .join(','),
        image: 'registry.example.com/shop/web:2.0',
        'target-groups': 'tg-bench',
        drain: `${drainMs}ms`
      })
      if (result.outputs.result !== 'succeeded')
        throw new Error(`balanced deploy failed: ${result.stdout}`)
      gapMs.push(emulator.lb.longestWithoutHealthyTarget('tg-bench'))
      const at = (api: string) =>
        emulator.calls.filter(call => call.api === api).map(call => call.at)
      const healthy = [
        ...result.stdout.matchAll(/healthy on the load balancer ([\d.]+)s after it was/g)
      ].map(match => Number(match[1]) * 1000)
      // alb: weight 0 and the weight back, two updateTargets a pod; nlb: one deregistration.
      const leaving =
        loadBalancerType === 'alb'
          ? at('updateTargets').filter((_, i) => i % 2 === 0)
          : at('deRegisterTargets')
      leaving.forEach((left, pod) => {
        const overshoot = (at('stopPod')[pod] as number) - left - drainMs
        addedMs.push(overshoot + (healthy[pod] as number) - lbHealthyMs)
      })
    } finally {
      await emulator.close()
    }
  }
  return { gapMs, addedMs }
}

const round = (value: number, digits = 0): string => value.toFixed(digits)

console.log(
  `jdcloud-pod-action benchmark: node ${process.version}, ${RUNS} runs each, emulator timings ${JSON.stringify(TIMINGS)}`
)
const cold = await coldStart()
console.log(
  `cold start of dist/index.js to its first API request: median ${round(median(cold))} ms (min ${round(Math.min(...cold))}, max ${round(Math.max(...cold))})`
)
const { latency, rss } = await detectionLatency()
console.log(
  `readiness detection: from the last container ready to the action's exit, median ${round(median(latency))} ms (min ${round(Math.min(...latency))}, max ${round(Math.max(...latency))})`
)
console.log(`peak memory of the action deploying one pod: median ${round(median(rss), 1)} MiB`)
for (const pods of [1, 10])
  console.log(
    `describe calls per pod per minute of waiting, ${pods} pod(s) in flight: ${round(await callsPerPodMinute(pods), 1)}`
  )
for (const type of ['alb', 'nlb'] as const) {
  const { gapMs, addedMs } = await balancedService(type)
  console.log(
    `behind an ${type} (${type === 'alb' ? 'weight 0' : 'deregistration'}), two pods one at a time: longest time without a healthy target ${round(Math.max(...gapMs))} ms; added per pod beyond drain and health check: median ${round(median(addedMs))} ms (max ${round(Math.max(...addedMs))})`
  )
}
const { one, fifty } = await fleetRatio()
console.log(
  `wall time, 50 pods at max-parallel 50 vs 1 pod: ${round(fifty / 1000, 1)} s vs ${round(one / 1000, 1)} s (ratio ${round(fifty / one, 2)})`
)
