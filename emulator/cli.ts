/**
 * `npm run emulator -- --port 8123 [--lb-port 8124] --seed emulator/seeds/demo.json
 * [--timings fast|realistic]`. Prints where the pod API listens, then where the lb API does, and
 * runs in the foreground until SIGINT/SIGTERM. Credentials come from JDCLOUD_ACCESS_KEY and
 * JDCLOUD_SECRET_KEY (default emulator-access-key / emulator-secret-key), the region from
 * JDCLOUD_REGION (default cn-north-1).
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { PodEmulator } from './index.js'
import { parseSeed } from './seed.js'
import { DEFAULT_CREDENTIALS, DEFAULT_REGION, DEFAULT_TIMINGS, FAST_TIMINGS } from './types.js'
import type { ImageBehaviourName, Seed, Timings } from './types.js'

const USAGE =
  'usage: emulator [--port N] [--lb-port N] [--seed FILE] [--timings fast|realistic]\n' +
  'env: JDCLOUD_ACCESS_KEY, JDCLOUD_SECRET_KEY, JDCLOUD_REGION'

/** What each image behaviour does; the seed's `images` map gives images a behaviour. */
const BEHAVIOURS: Record<Exclude<ImageBehaviourName, 'ok'>, string> = {
  'never-pulls': 'ErrImagePull, then ImagePullBackOff, for ever',
  'invalid-name': 'InvalidImageName',
  'crash-loop': 'starts, exits 1, restarts: CrashLoopBackOff',
  'never-ready': 'runs, but its readiness probe never passes',
  'config-error': 'CreateContainerConfigError',
  'pod-error': 'the pod turns to phase error'
}

const HELP = [
  USAGE,
  '',
  'Images behave as the seed\'s "images" map says; any other image pulls, starts and gets ready:',
  ...Object.entries(BEHAVIOURS).map(([name, what]) => `  ${name.padEnd(13)} ${what}`),
  'emulator/seeds/demo.json maps registry.example.com/shop/web:broken, :crash, :never-ready,',
  ":bad-config and :pod-error to them; the listening lines are followed by the seed's own list.",
  '',
  'It runs until SIGINT or SIGTERM. Started in the background with `&`, stop it with `kill %1`',
  '(the whole job): `kill $!` stops only npm and leaves the emulator on its port.'
].join('\n')

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'lb-port': { type: 'string', default: '0' },
      seed: { type: 'string' },
      timings: { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const port = portOption('--port', values.port)
  const lbPort = portOption('--lb-port', values['lb-port'])
  const seed: Seed = values.seed ? parseSeed(JSON.parse(await readFile(values.seed, 'utf8'))) : {}
  let timings: Partial<Timings> | undefined
  if (values.timings === 'fast') timings = FAST_TIMINGS
  else if (values.timings === 'realistic') timings = DEFAULT_TIMINGS
  else if (values.timings !== undefined)
    throw new Error(`--timings must be fast or realistic, not ${values.timings}`)

  const emulator = await PodEmulator.start({
    port,
    lbPort,
    accessKey: process.env.JDCLOUD_ACCESS_KEY || DEFAULT_CREDENTIALS.accessKey,
    secretKey: process.env.JDCLOUD_SECRET_KEY || DEFAULT_CREDENTIALS.secretKey,
    region: process.env.JDCLOUD_REGION || DEFAULT_REGION,
    // --timings wins over the seed's timings, which win over the defaults.
    seed: timings ? { ...seed, timings: { ...seed.timings, ...timings } } : seed
  })
  console.log(`listening on ${emulator.url}`)
  console.log(`lb API listening on ${emulator.lbUrl}`)
  for (const [image, behaviour] of Object.entries(seed.images ?? {}))
    console.log(
      `image ${image}: ${typeof behaviour === 'string' ? behaviour : behaviour.behaviour}`
    )

  await new Promise<void>(resolve => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  await emulator.close()
  return 0
}

function portOption(name: string, value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid ${name} ${value}`)
  return port
}

main().then(
  code => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`)
    console.error(USAGE)
    process.exitCode = 2
  }
)
