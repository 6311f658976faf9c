// Where in a YAML text a problem is: the position of a syntax error, and the line of a field
// followed from its problem path as far as the document has it.
import { LineCounter, parseDocument } from 'yaml'
import { lineOfField, syntaxLocation } from '../../src/inputs/yaml-location.js'

function parsed(text: string) {
  const lines = new LineCounter()
  return { document: parseDocument(text, { lineCounter: lines }), lines }
}

const SPECS = [
  '- name: web',
  '  env:',
  '    - name: A',
  '      value: x',
  '  readinessProbe:',
  '    httpGet: {port: 80, path: /ready}'
].join('\n')

test.each([
  ['[0]', 1],
  ['[0].env', 2],
  ['[0].env[0].value', 4],
  ['[0].readinessProbe.httpGet.port', 6],
  // Followed as far as it leads: a missing field, an index past the end, a key with a dot.
  ['[0].readinessProbe.exec.command', 5],
  ['[0].env[3].name', 2],
  ['[0].some.key', 1]
])('%s is on line %i', (path, line) => {
  const { document, lines } = parsed(SPECS)
  expect(lineOfField(document, lines, path)).toBe(line)
})

test('a path the document does not have at all has no line', () => {
  const { document, lines } = parsed(SPECS)
  expect(lineOfField(document, lines, '[1].name')).toBeUndefined()
  expect(lineOfField(document, lines, '.name')).toBeUndefined()
})

test('a YAML error gives its line and column; any other error, nothing', () => {
  const { document, lines } = parsed('- name: web\n  image: [a\n')
  expect(syntaxLocation(document.errors[0], lines)).toMatch(/^line \d+, column \d+: $/)
  expect(syntaxLocation(new ReferenceError('Excessive alias count'), lines)).toBe('')
})
