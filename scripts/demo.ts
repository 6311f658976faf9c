// npm run demo: the local JD Cloud pod API emulator with two seeded pods, and the bundled action
// run against it the way a GitHub runner runs it — first a good deploy, then an image that can
// never be pulled, which fails fast and is rolled back. Prints the log, outputs and summary.
import { readFileSync } from 'node:fs'
import { PodEmulator, FAST_TIMINGS } from '../emulator/index.js'
import { emulatorConnection, runBundled } from '../__fixtures__/runner-step.js'
import type { BundledRun } from '../__fixtures__/runner-step.js'

const seed = JSON.parse(
  readFileSync(new URL('../emulator/seeds/demo.json', import.meta.url), 'utf8')
) as unknown
const emulator = await PodEmulator.start({ seed: seed as never, timings: FAST_TIMINGS })
const common = {
  ...emulatorConnection(emulator),
  pods: 'web-1\nweb-2'
}

function show(title: string, run: BundledRun): void {
  const rule = '─'.repeat(100)
  console.log(`\n${rule}\n${title}\n${rule}`)
  console.log(`exit code ${run.code} after ${(run.elapsedMs / 1000).toFixed(1)} s\n`)
  console.log('job log:')
  for (const line of run.stdout.trimEnd().split('\n'))
    if (!line.startsWith('::debug::')) console.log(`  │ ${line}`)
  console.log('\noutputs:')
  for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`)
  console.log('\njob summary (Markdown):\n')
  console.log(run.summary)
}

try {
  console.log(
    `JD Cloud pod API emulator on ${emulator.url}, pods: ${emulator
      .pods()
      .map(pod => `${pod.name} (${pod.podId})`)
      .join(', ')}`
  )
  const good = await runBundled({
    ...common,
    image: 'registry.example.com/shop/web:1.1',
    'max-parallel': '2'
  })
  show('1. deploy registry.example.com/shop/web:1.1 to web-1 and web-2, two at a time', good)
  const broken = await runBundled({
    ...common,
    image: 'registry.example.com/shop/web:broken',
    'fail-fast': '5s',
    'log-lines': '20'
  })
  show(
    '2. deploy registry.example.com/shop/web:broken — the image never pulls: fail fast, diagnose, roll back',
    broken
  )
  const asExpected = good.outputs.result === 'succeeded' && broken.outputs.result === 'rolled-back'
  console.log(
    asExpected
      ? '\nThe demo went as expected: the good image was deployed; the broken one failed within fail-fast and web-1 was put back on 1.1.'
      : `\nUnexpected results: ${good.outputs.result} / ${broken.outputs.result}`
  )
  process.exitCode = asExpected ? 0 : 1
} finally {
  await emulator.close()
}
