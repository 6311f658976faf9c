// scripts/check-action.ts, which .ci/run runs on action.yml and the workflows: it passes what we
// ship and catches each kind of mistake it is there for.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseDocument } from 'yaml'
import type { Document } from 'yaml'
import { actionProblems, inputReadingCode, workflowProblems } from '../../scripts/check-action.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const actionYml = read('action.yml')
const sources = {
  root,
  settings: inputReadingCode(root),
  outputs: read('src/report/outputs.ts')
}

function changed(edit: (doc: Document) => void): string {
  const doc = parseDocument(actionYml)
  edit(doc)
  return doc.toString()
}

test('action.yml as shipped has no problem', () => {
  expect(actionProblems(actionYml, sources)).toEqual([])
})

test.each<[string, (doc: Document) => void, RegExp]>([
  ['a retired runtime', doc => doc.setIn(['runs', 'using'], 'node16'), /^runs\.using: node16/],
  ['a missing entry point', doc => doc.setIn(['runs', 'main'], 'dist/nope.js'), /does not exist/],
  ['an unknown top-level key', doc => doc.set('version', '1'), /^version: is not an action\.yml/],
  ['no description', doc => doc.delete('description'), /^description: is required/],
  [
    'an input without a default',
    doc => doc.deleteIn(['inputs', 'timeout', 'default']),
    /^inputs\.timeout\.default: declare the default here/
  ],
  [
    'an unquoted boolean default',
    doc => doc.setIn(['inputs', 'wait', 'default'], true),
    /^inputs\.wait\.default: quote it/
  ],
  [
    'an unknown input key',
    doc => doc.setIn(['inputs', 'wait', 'type'], 'boolean'),
    /^inputs\.wait\.type: is not an input key/
  ],
  [
    'an input id with a space',
    doc => doc.setIn(['inputs', 'log lines'], { description: 'x', default: '' }),
    /^inputs\.log lines: an input id/
  ],
  [
    'an input the code never reads',
    doc => doc.setIn(['inputs', 'colour'], { description: 'x', default: '' }),
    /^inputs\.colour: src\/inputs\/ never reads it/
  ],
  [
    'an input read but not declared',
    doc => doc.deleteIn(['inputs', 'log-lines']),
    /^inputs\.log-lines: src\/inputs\/ reads it; declare it/
  ],
  [
    'a composite-only output key',
    doc => doc.setIn(['outputs', 'result', 'value'], '${{ steps.x.outputs.y }}'),
    /^outputs\.result\.value: is only for composite actions/
  ],
  [
    'an output the code never sets',
    doc => doc.setIn(['outputs', 'url'], { description: 'x' }),
    /^outputs\.url: src\/report\/outputs\.ts never sets it/
  ],
  [
    'a branding colour GitHub does not have',
    doc => doc.setIn(['branding', 'color'], 'pink'),
    /^branding\.color: must be one of/
  ],
  [
    'a branding icon GitHub does not have (the schema)',
    doc => doc.setIn(['branding', 'icon'], 'rocket-ship'),
    /^schema: \/branding\/icon: /
  ]
])('catches %s', (_name, edit, expected) => {
  const problems = actionProblems(changed(edit), sources)
  expect(problems.some(problem => expected.test(problem))).toBe(true)
})

test('catches an input declared twice (the runner would take the last one silently)', () => {
  const text = actionYml.replace('  wait:\n', '  timeout:\n    description: x\n  wait:\n')
  expect(actionProblems(text, sources)).toEqual([
    expect.stringMatching(/^action\.yml: Map keys must be unique/)
  ])
})

test('every workflow under .github/workflows passes the workflow schema', () => {
  for (const name of ['ci.yml', 'check-dist.yml', 'codeql.yml', 'release.yml'])
    expect([name, workflowProblems(read(join('.github', 'workflows', name)))]).toEqual([name, []])
})

test('the workflow schema catches a job without runs-on', () => {
  expect(workflowProblems('on: push\njobs:\n  a:\n    steps:\n      - run: echo\n')).not.toEqual([])
})
