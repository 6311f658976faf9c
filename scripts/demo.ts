// npm run demo: the local JD Cloud API emulator (pods and load balancer) with two seeded pods behind
// a target group, and the bundled action run against it the way a GitHub runner runs it — first a
// good deploy, one pod at a time out of traffic and back, never without a healthy target; then an
// image that can never be pulled, which fails fast, is rolled back and put back in traffic; last a
// release whose pods become ready but whose smoke check fails: the canary is rolled back and the
// other pod never moves.
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PodEmulator, FAST_TIMINGS } from '../emulator/index.js'
import { emulatorConnection, runBundled } from '../__fixtures__/runner-step.js'
import type { BundledRun } from '../__fixtures__/runner-step.js'

const seed = JSON.parse(
  readFileSync(new URL('../emulator/seeds/demo.json', import.meta.url), 'utf8')
) as unknown
const emulator = await PodEmulator.start({ seed: seed as never, timings: FAST_TIMINGS })
// Both pods serve behind the load balancer's target group tg-shopweb: each is taken out, drained,
// updated and put back, and the next waits until the balancer reports it healthy.
const common = {
  ...emulatorConnection(emulator),
  pods: 'web-1\nweb-2',
  'target-groups': 'tg-shopweb',
  drain: '1s'
}

/**
 * The service's own smoke check, as a team would have it: /smoke/<pod name> answers for the release
 * that pod runs (the emulator's pods serve nothing, so this server stands in for them). Release 1.2
 * passes its readiness probe but fails every real request.
 */
const smoke = createServer((request, response) => {
  const name = decodeURIComponent((request.url ?? '').replace(/^\/smoke\//, ''))
  const images = (emulator.pods().find(pod => pod.name === name)?.containers ?? []).map(
    container => container.image ?? ''
  )
  const broken = images.some(image => image.endsWith('/web:1.2'))
  response.writeHead(broken ? 500 : 200, { 'content-type': 'text/plain' })
  response.end(broken ? 'checkout failed: payment client not configured' : 'ok')
})
await new Promise<void>(resolve => smoke.listen(0, '127.0.0.1', resolve))
const smokeUrl = `http://127.0.0.1:${(smoke.address() as AddressInfo).port}/smoke/{podName}`

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
  const good = await runBundled({ ...common, image: 'registry.example.com/shop/web:1.1' })
  show(
    '1. deploy registry.example.com/shop/web:1.1 to web-1 and web-2 behind load balancer target group tg-shopweb, one at a time',
    good
  )
  const gap = emulator.lb.longestWithoutHealthyTarget('tg-shopweb')
  console.log(`longest time tg-shopweb had no healthy target during the deploy: ${gap} ms`)
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
  const callsBefore = emulator.calls.length
  const unverified = await runBundled({
    ...common,
    image: 'registry.example.com/shop/web:1.2',
    canary: '1',
    'verify-url': smokeUrl,
    'verify-for': '3s',
    'verify-interval': '1s'
  })
  show(
    '3. deploy registry.example.com/shop/web:1.2 with canary 1 and a smoke check — ready, but every request fails: the canary is rolled back',
    unverified
  )
  const web2Moved = emulator
    .mutatingCalls()
    .some(call => emulator.calls.indexOf(call) >= callsBefore && call.podId === 'pod-demo02')
  const registered = emulator.lb.targets('tg-shopweb').length
  const asExpected =
    good.outputs.result === 'succeeded' &&
    gap === 0 &&
    broken.outputs.result === 'rolled-back' &&
    unverified.outputs.result === 'rolled-back' &&
    !web2Moved &&
    registered === 2 &&
    emulator.lb.longestWithoutHealthyTarget('tg-shopweb') === 0
  console.log(
    asExpected
      ? '\nThe demo went as expected: the good image was deployed with never a moment without a healthy target behind the balancer; the broken one failed within fail-fast, web-1 was put back on 1.1 and back in the target group, and web-2 served throughout; release 1.2 failed its smoke check on the canary web-1, which was rolled back, and web-2 never moved.'
      : `\nUnexpected results: ${good.outputs.result} / ${broken.outputs.result} / ${unverified.outputs.result}, gap ${gap} ms, ${registered} targets registered, web-2 moved in step 3: ${web2Moved}`
  )
  process.exitCode = asExpected ? 0 : 1
} finally {
  smoke.close()
  await emulator.close()
}
