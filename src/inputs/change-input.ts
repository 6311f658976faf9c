/**
 * The deploy's change: a new `image` for a `container`, or container specs to merge, given in
 * `containers` or in the file `containers-file` names. Exactly one of the three.
 */
import type { ContainerChange } from '../pod-spec/desired.js'
import { checkGivenImage } from '../pod-spec/rules.js'
import type { Problems } from '../problems.js'
import { readContainersFile, workspaceOf } from './containers-file.js'
import { parseContainersInput, specListPath } from './containers-input.js'
import type { InputReader } from './settings.js'

export function readChange(
  read: (name: string) => string,
  input: InputReader,
  container: string | undefined,
  problems: Problems,
  notice: (message: string) => void,
  env: NodeJS.ProcessEnv
): ContainerChange {
  // Returned when a problem is recorded; never used, since a problem ends the read.
  const placeholder: ContainerChange = { kind: 'patches', patches: [] }
  const image = read('image')
  const containers = input('containers')
  const containersFile = read('containers-file')
  if (containers.trim() && containersFile) {
    problems.add(
      'containers-file',
      'cannot be used together with containers: give the specs in one of them'
    )
    return placeholder
  }
  const specsIn = containersFile ? 'containers-file' : 'containers'
  if (image && (containers.trim() || containersFile)) {
    problems.add(
      'image',
      `cannot be used together with ${specsIn}: put the image in the ${containersFile ? "file's" : 'containers'} entry`
    )
    return placeholder
  }
  if (image)
    return checkGivenImage(image, 'image', problems)
      ? { kind: 'image', container, image }
      : placeholder
  if (containers.trim() || containersFile) {
    if (container !== undefined)
      problems.add(
        'container',
        `is used with image; with ${specsIn}, each entry names its container with name`
      )
    if (!containersFile) {
      const patches = parseContainersInput(containers, problems, notice)
      return patches ? { kind: 'patches', patches } : placeholder
    }
    const specsFile = readContainersFile(containersFile, workspaceOf(env), problems)
    if (!specsFile) return placeholder
    const source = { file: specsFile.file }
    const patches = parseContainersInput(specsFile.text, problems, notice, source)
    return patches ? { kind: 'patches', patches, listPath: specListPath(source) } : placeholder
  }
  problems.add(
    'image',
    'deploy needs image (with container, when a pod has several), containers or containers-file'
  )
  return placeholder
}
