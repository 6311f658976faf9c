// Every bad input is answered by an error that names the field and the rule — and by no API
// call at all: each case runs the whole action against the emulator and counts its requests.
import { PodEmulator, podSeed } from '../../emulator/index.js'
import { runAction } from '../../__fixtures__/action-runner.js'
import { emulatorConnection } from '../../__fixtures__/runner-step.js'

let emulator: PodEmulator
let base: Record<string, string>

beforeAll(async () => {
  emulator = await PodEmulator.start({
    seed: { pods: [podSeed({ podId: 'pod-web01', name: 'web-1' })] }
  })
  base = {
    operation: 'deploy',
    ...emulatorConnection(emulator),
    pods: 'pod-web01',
    image: 'nginx:1.27'
  }
})
afterAll(() => emulator.close())

const spec = (yaml: string): string => `- name: web\n${yaml}`
const env = (entries: string): string => spec(`  env:\n${entries}`)
const probe = (yaml: string): string => spec(`  readinessProbe:\n${yaml}`)
const deployWith = (containers: string): Record<string, string> => ({ image: '', containers })

const cases: Array<[string, Record<string, string>, RegExp]> = [
  [
    'a target group that is no ID',
    { 'target-groups': 'tg-web\nweb-group' },
    /target-groups\[1\]: "web-group" is not a target group ID such as tg-abcd1234/
  ],
  [
    'a target group listed twice',
    { 'target-groups': 'tg-web, tg-web' },
    /target-groups\[1\]: tg-web is listed twice/
  ],
  [
    'target-groups with an operation that moves no pod',
    { operation: 'status', image: '', 'target-groups': 'tg-web' },
    /target-groups: is used only by deploy, restart, rotate-secret, not status/
  ],
  [
    'a drain that is no duration',
    { drain: 'half a minute' },
    /drain: "half a minute" is not a duration/
  ],
  ['a drain over an hour', { drain: '2h' }, /drain: must be from 0s to 1h/],
  [
    'an lb-endpoint in clear to another host',
    { 'lb-endpoint': 'http://lb.example.com' },
    /lb-endpoint: must use https: plain http is allowed only for this machine/
  ],
  [
    'unknown operation',
    { operation: 'redeploy' },
    /operation: "redeploy" must be one of deploy, rotate-secret/
  ],
  ['region that is not an ID', { region: 'north' }, /region: "north" is not a region ID/],
  ['no region at all', { region: '' }, /region: is required \(or set JDCLOUD_REGION\)/],
  ['no access key', { 'access-key': '' }, /access-key: is required \(or set JDCLOUD_ACCESS_KEY\)/],
  ['secret key with a space', { 'secret-key': 'two words' }, /secret-key: must be a single word/],
  [
    'endpoint with another scheme',
    { endpoint: 'ftp://example.com' },
    /endpoint: must use http or https/
  ],
  [
    'endpoint with a path',
    { endpoint: 'http://127.0.0.1:1/v1' },
    /endpoint: must be a host or an origin/
  ],
  [
    'endpoint with credentials',
    { endpoint: 'https://u:p@example.com' },
    /endpoint: must not carry credentials/
  ],
  ['no pods', { pods: '' }, /pods: is required for deploy/],
  [
    'malformed pod ID',
    { pods: 'pod-UPPER' },
    /pods\[0\]: "pod-UPPER" looks like a pod ID but is not one/
  ],
  [
    'pod IDs separated by a space',
    { pods: 'pod-web01 pod-web02' },
    /pods\[0\]: "pod-web01 pod-web02" looks like a pod ID but is not one \(pod- and lower-case letters or digits\); separate pods with commas or newlines/
  ],
  ['pod listed twice', { pods: 'pod-web01,pod-web01' }, /pods\[1\]: "pod-web01" is listed twice/],
  ['pod name too long', { pods: 'n'.repeat(129) }, /pods\[0\]: ".*" is not a pod name/],
  ['neither image nor containers', { image: '' }, /image: deploy needs image .* or containers/],
  [
    'image that is not a reference',
    { image: 'Nginx:1' },
    /image: "Nginx:1" repository part "Nginx"/
  ],
  ['image with a bad tag', { image: 'nginx:-1' }, /image: "nginx:-1" tag "-1"/],
  [
    'image and containers together',
    { containers: spec('  image: a:1') },
    /image: cannot be used together with containers/
  ],
  [
    'container name with capitals',
    { container: 'Web_1' },
    /container: "Web_1" is not a container name/
  ],
  [
    'container name that differs only in case',
    { container: 'Web' },
    /container: "Web" is not a container name: .*; did you mean web\?/
  ],
  ['wait that is not a boolean', { wait: 'yes' }, /wait: "yes" is not a boolean/],
  ['timeout with a bad unit', { timeout: '10x' }, /timeout: "10x" is not a duration/],
  ['timeout of zero', { timeout: '0s' }, /timeout: must be from 1s to 6h/],
  ['timeout over six hours', { timeout: '7h' }, /timeout: must be from 1s to 6h/],
  ['negative fail-fast', { 'fail-fast': '-1' }, /fail-fast: "-1" is not a duration/],
  ['rollback that is not a boolean', { rollback: 'maybe' }, /rollback: "maybe" is not a boolean/],
  [
    'max-parallel of zero',
    { 'max-parallel': '0' },
    /max-parallel: "0" must be a whole number from 1 to 100/
  ],
  [
    'fractional max-parallel',
    { 'max-parallel': '1.5' },
    /max-parallel: "1.5" must be a whole number/
  ],
  [
    'too many log lines',
    { 'log-lines': '5000' },
    /log-lines: "5000" must be a whole number from 0 to 1000/
  ],
  [
    'dry-run that is not a boolean',
    { 'dry-run': 'TRUEISH' },
    /dry-run: "TRUEISH" is not a boolean/
  ],
  [
    'containers that are not YAML',
    deployWith('[unclosed'),
    /containers: line 1, column 10: is not valid YAML or JSON: Flow sequence must end with a \]/
  ],
  [
    'containers as a mapping',
    deployWith('name: web'),
    /containers: must be a list of container specs/
  ],
  ['empty containers list', deployWith('[]'), /containers: must list 1 to 32 containers/],
  [
    'misspelt field',
    deployWith(spec('  imagee: a:1')),
    /containers\[0\]\.imagee: unknown field \(did you mean image\?\)/
  ],
  [
    'field rebuild cannot change',
    deployWith(spec('  resources: {}')),
    /containers\[0\]\.resources: cannot be changed by a rebuild/
  ],
  [
    'env name with a dash',
    deployWith(
      env(
        '    - {name: A, value: "1"}\n    - {name: B, value: "2"}\n    - {name: FOO-BAR, value: x}'
      )
    ),
    /containers\[0\]\.env\[2\]\.name: "FOO-BAR" must be 1 to 64 letters, digits or _/
  ],
  [
    'env value that is a number',
    deployWith(env('    - {name: PORT, value: 80}')),
    /containers\[0\]\.env\[0\]\.value: must be a string/
  ],
  [
    'env variable set twice',
    deployWith(env('    - {name: A, value: x}\n    - {name: A, value: y}')),
    /env\[1\]\.name: A is already set by containers\[0\]\.env\[0\]/
  ],
  [
    'more than 100 env variables',
    deployWith(
      env(Array.from({ length: 101 }, (_, i) => `    - {name: V${i}, value: x}`).join('\n'))
    ),
    /containers\[0\]\.env: has 101 entries; the limit is 100/
  ],
  [
    'env value over 1024 characters',
    deployWith(env(`    - {name: BIG, value: ${'x'.repeat(1025)}}`)),
    /env\[0\]\.value: is 1025 characters/
  ],
  [
    'probe period of zero',
    deployWith(probe('    periodSeconds: 0\n    tcpSocket: {port: 80}')),
    /containers\[0\]\.readinessProbe\.periodSeconds: "0" must be a whole number from 1 to 300/
  ],
  [
    'probe with two handlers',
    deployWith(probe('    tcpSocket: {port: 80}\n    exec: {command: [true]}')),
    /readinessProbe: has exec and tcpSocket; a probe takes exactly one handler/
  ],
  [
    'probe with no handler',
    deployWith(probe('    periodSeconds: 5')),
    /readinessProbe: needs exactly one handler/
  ],
  [
    'probe port out of range',
    deployWith(probe('    httpGet: {port: 70000}')),
    /readinessProbe\.httpGet\.port: "70000" must be a whole number from 1 to 65535/
  ],
  [
    'probe scheme ftp',
    deployWith(probe('    httpGet: {port: 80, scheme: ftp}')),
    /readinessProbe\.httpGet\.scheme: "ftp" must be one of http, https, HTTP, HTTPS/
  ],
  [
    'probe port as a string',
    deployWith(probe('    tcpSocket: {port: "80"}')),
    /readinessProbe\.tcpSocket\.port: "80" must be a whole number/
  ],
  [
    'probe failureThreshold 11',
    deployWith(probe('    failureThreshold: 11\n    tcpSocket: {port: 80}')),
    /failureThreshold: "11" must be a whole number from 1 to 10/
  ],
  [
    'probe exec command too long',
    deployWith(probe(`    exec: {command: [${'x'.repeat(300)}]}`)),
    /readinessProbe\.exec\.command: is 300 characters in all; the limit is 256/
  ],
  [
    'relative workingDir',
    deployWith(spec('  workingDir: srv')),
    /containers\[0\]\.workingDir: "srv" must be an absolute path/
  ],
  [
    'mount at /',
    deployWith(spec('  volumeMounts: [{name: data, mountPath: /}]')),
    /volumeMounts\[0\]\.mountPath: must not be \//
  ],
  [
    'nested mounts',
    deployWith(
      spec('  volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /data/logs}]')
    ),
    /volumeMounts\[1\]\.mountPath: is nested with containers\[0\]\.volumeMounts\[0\]\.mountPath/
  ],
  [
    'mount without a volume name',
    deployWith(spec('  volumeMounts: [{mountPath: /data}]')),
    /volumeMounts\[0\]\.name: is required/
  ],
  [
    'command over 256 characters',
    deployWith(spec(`  command: [${'c'.repeat(257)}]`)),
    /containers\[0\]\.command: is 257 characters in all; the limit is 256/
  ],
  [
    'args over 2048 characters',
    deployWith(spec(`  args: [${'a'.repeat(2049)}]`)),
    /containers\[0\]\.args: is 2049 characters in all; the limit is 2048/
  ],
  [
    'container listed twice',
    deployWith(`${spec('  image: a:1')}\n${spec('  image: b:1')}`),
    /containers\[1\]\.name: web is already listed at containers\[0\]/
  ],
  [
    'secret that is not a name',
    deployWith(spec('  secret: Bad_Secret')),
    /containers\[0\]\.secret: "Bad_Secret" must be lower-case letters/
  ],
  [
    'tty that is not a boolean',
    deployWith(spec('  tty: "yes"')),
    /containers\[0\]\.tty: must be true or false/
  ],
  [
    'a __proto__ key',
    deployWith(spec('  __proto__: {image: evil:1}')),
    /containers\[0\]\.__proto__: unknown field/
  ],
  [
    'a YAML alias bomb',
    deployWith(
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'
    ),
    /containers: is not valid YAML or JSON: Excessive alias count/
  ],
  [
    'containers that are too large',
    deployWith(`# ${'x'.repeat(300 * 1024)}\n- name: web`),
    /containers: is larger than 256 KiB/
  ],
  ['image on a stop', { operation: 'stop' }, /image: is used only by operation deploy, not stop/],
  [
    'rotate-secret without secret-name',
    { operation: 'rotate-secret', image: '' },
    /secret-name: is required for rotate-secret/
  ],
  [
    'secret base name too long',
    { operation: 'rotate-secret', image: '', 'secret-name': 'r'.repeat(49) },
    /secret-name: ".*" must be lower-case letters, digits and -, .* at most 48 characters/
  ],
  [
    'registry e-mail that is not one',
    { operation: 'rotate-secret', image: '', 'registry-email': 'nobody' },
    /registry-email: is not an e-mail address/
  ],
  [
    'keep-secrets below zero',
    { operation: 'rotate-secret', image: '', 'keep-secrets': '-1' },
    /keep-secrets: "-1" must be a whole number from 0 to 100/
  ],
  [
    'environment with the token emptied',
    { environment: 'production', 'github-token': '' },
    /github-token: is required when environment is set/
  ],
  [
    'environment-url that is not a URL',
    { 'github-token': 't', environment: 'prod', 'environment-url': 'not a url' },
    /environment-url: "not a url" must be an http\(s\) URL/
  ],
  [
    'container on a status',
    { operation: 'status', image: '', container: 'web' },
    /container: is used only by deploy and rotate-secret/
  ],
  [
    'more than 1000 pods',
    { pods: Array.from({ length: 1001 }, (_, i) => `pod-p${i}`).join(',') },
    /pods: lists 1001 pods; the limit is 1000/
  ],
  ['a tag without a key', { tags: '=shop' }, /tags\[0\]: "=shop" must be key=value/],
  [
    'container with containers',
    { image: '', container: 'web', containers: spec('  image: a:1') },
    /container: is used with image; with containers, each entry names its container with name/
  ],
  [
    'registry server with a space',
    { operation: 'rotate-secret', image: '', 'secret-name': 'regcred', 'registry-server': 'a b' },
    /registry-server: must be a host name \(or URL\) without spaces/
  ],
  [
    'registry user with a control character',
    { operation: 'rotate-secret', image: '', 'registry-username': 'ab\u0001' },
    /registry-username: must be at most 256 characters, with no control characters/
  ],
  [
    'registry password over 3000 bytes',
    { operation: 'rotate-secret', image: '', 'registry-password': 'p'.repeat(3001) },
    /registry-password: must be at most 3000 bytes/
  ],
  [
    'registry-server on a deploy',
    { 'registry-server': 'r.example.com' },
    /registry-server: is used only by operation rotate-secret/
  ],
  [
    'a token that is an expression nothing evaluated',
    { 'github-token': '${{ github.token }}', environment: 'production' },
    /github-token: is an expression nothing evaluated: outside a runner, set a token/
  ],
  [
    'an environment with a control character',
    { 'github-token': 'ghs_x', environment: 'prod\u0007' },
    /environment: must be at most 255 characters/
  ],
  [
    'an environment-url alone',
    { 'environment-url': 'https://shop.example.com' },
    /environment-url: needs environment: a deployment is made only for one/
  ],
  [
    'tag with an empty value',
    { tags: 'team=' },
    /tags\[0\]: "team=": the value must be 1 to 256 characters/
  ],
  [
    'name-prefix with a control character',
    { 'name-prefix': 'web\u0007' },
    /name-prefix: must be at most 128 characters, with no control characters/
  ]
]

test('the table has at least 40 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(40)
})

test.each(cases)('%s', async (_name, inputs, rule) => {
  const callsBefore = emulator.calls.length
  const { report, outputs, log, exitCode } = await runAction({ ...base, ...inputs })
  expect(report.result).toBe('failed')
  expect(report.error).toMatch(rule)
  expect(outputs.result).toBe('failed')
  expect(log).toMatch(/::error::Invalid input/)
  expect(log).not.toMatch(/ at .*\.(ts|js):\d+/) // no stack trace
  expect(exitCode).toBe(1)
  expect(emulator.calls.length).toBe(callsBefore)
})
