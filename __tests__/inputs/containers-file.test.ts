// `containers-file`: the specs of `containers`, read from a file in the workspace. Each test builds
// its own workspace in a temporary folder; the reader is tried alone, then through readSettings as
// the action reads its inputs, then end to end against the emulator.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { podSeed } from '../../emulator/index.js'
import { startEmulatedCloud } from '../../__fixtures__/emulated-cloud.js'
import { inputEnv } from '../../__fixtures__/runner-step.js'
import { readContainersFile, workspaceOf } from '../../src/inputs/containers-file.js'
import { readSettings } from '../../src/inputs/settings.js'
import { InputError, Problems } from '../../src/problems.js'

const SPECS = '- name: web\n  image: registry.example.com/shop/web:1.1\n'

let root: string
let workspace: string
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'containers-file-'))
  workspace = join(root, 'workspace')
  mkdirSync(join(workspace, 'deploy'), { recursive: true })
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

function put(path: string, content: string | Buffer): void {
  writeFileSync(join(workspace, path), content)
}

function read(value: string): { file?: { file: string; text: string }; problems: string[] } {
  const problems = new Problems()
  const file = readContainersFile(value, workspace, problems)
  return { ...(file ? { file } : {}), problems: [...problems.messages] }
}

describe('a swap between check and read (issue 18 point 11)', () => {
  // deploy/ is replaced by a link to a folder outside the workspace holding a web.yaml of its own.
  const OUTSIDE = '- name: web\n  image: registry.example.com/outside/secret:1\n'
  function swapDeployForALinkOut(): void {
    const outside = join(root, 'outside')
    mkdirSync(outside, { recursive: true })
    writeFileSync(join(outside, 'web.yaml'), OUTSIDE)
    renameSync(join(workspace, 'deploy'), join(workspace, 'deploy.old'))
    symlinkSync(outside, join(workspace, 'deploy'))
  }
  function readRacing(race: { beforeOpen?: () => void; afterOpen?: () => void }) {
    const problems = new Problems()
    const file = readContainersFile('deploy/web.yaml', workspace, problems, race)
    return { text: file?.text, problems: [...problems.messages] }
  }

  test('swapped after the path was checked, before it is opened: the opened file is checked and refused', () => {
    put('deploy/web.yaml', SPECS)
    let swapped = false
    const seen = readRacing({
      beforeOpen: () => {
        swapDeployForALinkOut()
        swapped = true
      }
    })
    expect(swapped).toBe(true)
    expect(seen).toEqual({
      text: undefined,
      problems: [
        'containers-file: deploy/web.yaml leads out of the workspace through a symbolic link'
      ]
    })
  })

  test('swapped once it is open: the file that was opened is read, never the one outside', () => {
    put('deploy/web.yaml', SPECS)
    expect(readRacing({ afterOpen: swapDeployForALinkOut })).toEqual({ text: SPECS, problems: [] })
  })
})

describe('the reader', () => {
  test('reads a file relative to the workspace, and names it by that path', () => {
    put('deploy/web.yaml', SPECS)
    expect(read('deploy/web.yaml')).toEqual({
      file: { file: 'deploy/web.yaml', text: SPECS },
      problems: []
    })
    expect(read('./deploy//web.yaml').file?.file).toBe('deploy/web.yaml')
    expect(read('deploy/../deploy/web.yaml').file?.file).toBe('deploy/web.yaml')
  })

  test('a byte order mark is dropped', () => {
    put('deploy/web.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[]')]))
    expect(read('deploy/web.json').file?.text).toBe('[]')
  })

  test('the workspace is GITHUB_WORKSPACE, else the current directory', () => {
    expect(workspaceOf({ GITHUB_WORKSPACE: '/home/runner/work/shop/shop' }, '/cwd')).toBe(
      '/home/runner/work/shop/shop'
    )
    expect(workspaceOf({ GITHUB_WORKSPACE: ' ' }, '/cwd')).toBe('/cwd')
    expect(workspaceOf({}, '/cwd')).toBe('/cwd')
  })

  test.each([
    ['/etc/passwd', 'containers-file: "/etc/passwd" is absolute'],
    ['C:\\deploy\\web.yaml', 'containers-file: "C:\\\\deploy\\\\web.yaml" is absolute'],
    ['../web.yaml', 'containers-file: "../web.yaml" leads out of the workspace'],
    ['deploy/../../web.yaml', 'containers-file: "deploy/../../web.yaml" leads out of the workspace']
  ])('%s is refused before the disk is read', (value, problem) => {
    // Even when there is such a file: the rule is about the path.
    writeFileSync(join(root, 'web.yaml'), SPECS)
    const { file, problems } = read(value)
    expect(file).toBeUndefined()
    expect(problems).toEqual([expect.stringContaining(problem)])
  })

  test('a symbolic link out of the workspace is refused; one inside it is followed', () => {
    writeFileSync(join(root, 'outside.yaml'), SPECS)
    symlinkSync(join(root, 'outside.yaml'), join(workspace, 'deploy/out.yaml'))
    symlinkSync(root, join(workspace, 'up'))
    expect(read('deploy/out.yaml').problems).toEqual([
      'containers-file: deploy/out.yaml leads out of the workspace through a symbolic link'
    ])
    expect(read('up/outside.yaml').problems).toEqual([
      'containers-file: up/outside.yaml leads out of the workspace through a symbolic link'
    ])
    put('deploy/web.yaml', SPECS)
    symlinkSync('web.yaml', join(workspace, 'deploy/current.yaml'))
    expect(read('deploy/current.yaml')).toEqual({
      file: { file: 'deploy/current.yaml', text: SPECS },
      problems: []
    })
  })

  test('a symbolic link that loops cannot be read, and says why', () => {
    symlinkSync('b.yaml', join(workspace, 'deploy/a.yaml'))
    symlinkSync('a.yaml', join(workspace, 'deploy/b.yaml'))
    expect(read('deploy/a.yaml').problems).toEqual([
      'containers-file: deploy/a.yaml cannot be read (ELOOP)'
    ])
  })

  test('a missing file names its path and asks whether the repository was checked out', () => {
    expect(read('deploy/web.yaml').problems).toEqual([
      'containers-file: no file deploy/web.yaml in the workspace; did the job run actions/checkout first?'
    ])
    put('deploy/web.yaml', SPECS)
    expect(read('deploy/web.yaml/more.yaml').problems).toEqual([
      'containers-file: no file deploy/web.yaml/more.yaml in the workspace; did the job run actions/checkout first?'
    ])
  })

  test('a workspace that is not there', () => {
    const problems = new Problems()
    readContainersFile('deploy/web.yaml', join(root, 'gone'), problems)
    expect(problems.messages).toEqual([
      `containers-file: the workspace "${join(root, 'gone')}" does not exist; did the job run actions/checkout first?`
    ])
  })

  test.each([
    [
      'a directory',
      'deploy',
      'containers-file: deploy is a directory: name the YAML or JSON file in it'
    ],
    [
      'the workspace itself',
      '.',
      'containers-file: . is a directory: name the YAML or JSON file in it'
    ]
  ])('%s is refused', (_what, value, problem) => {
    expect(read(value).problems).toEqual([problem])
  })

  test('a FIFO is refused without waiting for a writer', () => {
    if (process.platform === 'win32') return
    execFileSync('mkfifo', [join(workspace, 'deploy/pipe.yaml')])
    expect(read('deploy/pipe.yaml').problems).toEqual([
      'containers-file: deploy/pipe.yaml is not a regular file'
    ])
  })

  test('the 256 KiB cap of containers holds for the file', () => {
    put('deploy/exact.yaml', `${SPECS}#`.padEnd(256 * 1024, 'x'))
    expect(read('deploy/exact.yaml').problems).toEqual([])
    put('deploy/big.yaml', `${SPECS}#`.padEnd(256 * 1024 + 1, 'x'))
    expect(read('deploy/big.yaml').problems).toEqual([
      'containers-file: deploy/big.yaml is larger than 256 KiB'
    ])
  })

  test('a file that is not UTF-8, or empty, is refused', () => {
    put('deploy/latin1.yaml', Buffer.from('- name: caf\xe9\n', 'latin1'))
    put('deploy/empty.yaml', ' \n')
    expect(read('deploy/latin1.yaml').problems).toEqual([
      'containers-file: deploy/latin1.yaml is not UTF-8 text'
    ])
    expect(read('deploy/empty.yaml').problems).toEqual([
      'containers-file: deploy/empty.yaml is empty'
    ])
  })

  test('a control character or a path over 1024 characters is refused, not echoed', () => {
    const rule =
      'containers-file: must be a path of at most 1024 characters, with no control characters'
    expect(read('deploy/web\u0007.yaml').problems).toEqual([rule])
    expect(read('deploy/web.yaml\n::set-output name=result::succeeded').problems).toEqual([rule])
    expect(read(`deploy/${'w'.repeat(1020)}.yaml`).problems).toEqual([rule])
  })
})

describe('read with the other inputs', () => {
  const base = {
    region: 'cn-north-1',
    'access-key': 'ak',
    'secret-key': 'sk',
    pods: 'pod-a1',
    'containers-file': 'deploy/web.yaml'
  }

  function settingsFor(inputs: Record<string, string>) {
    const values = inputEnv(inputs)
    const notices: string[] = []
    try {
      const settings = readSettings(
        name => values[`INPUT_${name.toUpperCase()}`] ?? '',
        { GITHUB_WORKSPACE: workspace },
        () => undefined,
        notice => notices.push(notice)
      )
      return { settings, problems: [], notices }
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      return { settings: undefined, problems: error.problems, notices }
    }
  }

  test('the file’s specs are the change, and problems at rollout will name the file', () => {
    put('deploy/web.yaml', SPECS)
    expect(settingsFor(base).settings).toMatchObject({
      operation: 'deploy',
      change: {
        kind: 'patches',
        patches: [{ name: 'web', image: 'registry.example.com/shop/web:1.1' }],
        listPath: 'containers-file (deploy/web.yaml) containers'
      }
    })
  })

  test('a syntax error names the file, the line and the column', () => {
    put('deploy/web.yaml', '- name: web\n  image: a:1\n  env:\n  - name: A\n   value: x\n')
    expect(settingsFor(base).problems).toEqual([
      expect.stringMatching(
        /^containers-file: deploy\/web\.yaml line 5, column \d+: is not valid YAML or JSON: /
      )
    ])
  })

  test('the whole list and each field: the paths of containers, said to come from the file', () => {
    put('deploy/map.yaml', 'name: web\n')
    put('deploy/web.yaml', '- name: web\n- name: api\n  image: Nginx:1\n- name: web\n')
    expect(settingsFor({ ...base, 'containers-file': 'deploy/map.yaml' }).problems).toEqual([
      'containers-file: deploy/map.yaml must be a list of container specs (YAML "- name: …" items or a JSON array)'
    ])
    expect(settingsFor(base).problems).toEqual([
      expect.stringMatching(
        /^containers-file \(deploy\/web\.yaml\) containers\[1\]\.image: "Nginx:1" .* \(line 3\)$/
      ),
      'containers-file (deploy/web.yaml) containers[2].name: web is already listed at containers[0] (line 4)'
    ])
  })

  test('the containerName notice names the file', () => {
    put('deploy/web.yaml', '- containerName: web\n  image: a:1\n')
    expect(settingsFor(base).notices).toEqual([
      'containers-file (deploy/web.yaml): containerName is the old name of the key; it still works, but write name (as rebuildPod calls it since 2019)'
    ])
  })

  test.each([
    [
      'containers too',
      { containers: SPECS },
      'containers-file: cannot be used together with containers: give the specs in one of them'
    ],
    [
      'image too',
      { image: 'nginx:1.27' },
      "image: cannot be used together with containers-file: put the image in the file's entry"
    ],
    [
      'container too',
      { container: 'web' },
      'container: is used with image; with containers-file, each entry names its container with name'
    ],
    [
      'an operation other than deploy',
      { operation: 'restart' },
      'containers-file: is used only by operation deploy, not restart'
    ]
  ])('with %s: an input error', (_what, inputs, problem) => {
    put('deploy/web.yaml', SPECS)
    expect(settingsFor({ ...base, ...inputs }).problems).toEqual([problem])
  })

  test('nothing to deploy names all three ways', () => {
    expect(settingsFor({ ...base, 'containers-file': '' }).problems).toEqual([
      'image: deploy needs image (with container, when a pod has several), containers or containers-file'
    ])
  })
})

describe('end to end', () => {
  test('the action deploys the file’s specs; a container name it gets wrong is named in the file', async () => {
    const cloud = await startEmulatedCloud({
      pods: [podSeed({ podId: 'pod-file1', name: 'web-1' })]
    })
    try {
      put(
        'deploy/web.yaml',
        '- name: web\n  image: registry.example.com/shop/web:1.1\n  env:\n    - {name: LOG_LEVEL, value: info}\n'
      )
      put('deploy/typo.yaml', '- name: wbe\n  image: registry.example.com/shop/web:1.2\n')
      const extraEnv = { GITHUB_WORKSPACE: workspace }

      const deployed = await cloud.run(
        { pods: 'web-1', 'containers-file': 'deploy/web.yaml' },
        { extraEnv }
      )
      expect(deployed.report.result).toBe('succeeded')
      expect(cloud.specs('pod-file1')[0]).toMatchObject({
        name: 'web',
        image: 'registry.example.com/shop/web:1.1',
        env: [
          { name: 'APP_ENV', value: 'production' },
          { name: 'LOG_LEVEL', value: 'info' }
        ]
      })

      const mutations = cloud.emulator.mutatingCalls().length
      const typo = await cloud.run(
        { pods: 'web-1', 'containers-file': 'deploy/typo.yaml' },
        { extraEnv }
      )
      expect(typo.report.result).toBe('failed')
      expect(typo.report.error).toContain(
        'containers-file (deploy/typo.yaml) containers[0].name: pod pod-file1 (web-1) has no container "wbe" (containers: web); did you mean web?'
      )
      expect(cloud.emulator.mutatingCalls().length).toBe(mutations)

      const missing = await cloud.run(
        { pods: 'web-1', 'containers-file': 'deploy/api.yaml' },
        { extraEnv }
      )
      expect(missing.report.error).toBe(
        'Invalid input: containers-file: no file deploy/api.yaml in the workspace; did the job run actions/checkout first?'
      )
      expect(missing.summary).toContain(
        '**Invalid input.** Nothing was changed: no API call was made.'
      )
    } finally {
      await cloud.close()
    }
  })
})
