/** The deploy's change: a new `image` for a `container`, or `containers` specs to merge. */
import type { ContainerChange } from '../pod-spec/desired.js'
import { checkImage } from '../pod-spec/rules.js'
import type { Problems } from '../problems.js'
import { parseContainersInput } from './containers-input.js'
import type { InputReader } from './settings.js'

export function readChange(
  read: (name: string) => string,
  input: InputReader,
  container: string | undefined,
  problems: Problems,
  notice: (message: string) => void
): ContainerChange {
  // Returned when a problem is recorded; never used, since a problem ends the read.
  const placeholder: ContainerChange = { kind: 'patches', patches: [] }
  const image = read('image')
  const containers = input('containers')
  if (image && containers.trim()) {
    problems.add(
      'image',
      'cannot be used together with containers: put the image in the containers entry'
    )
    return placeholder
  }
  if (image)
    return checkImage(image, 'image', problems) ? { kind: 'image', container, image } : placeholder
  if (containers.trim()) {
    if (container !== undefined)
      problems.add(
        'container',
        'is used with image; with containers, each entry names its container with name'
      )
    const patches = parseContainersInput(containers, problems, notice)
    return patches ? { kind: 'patches', patches } : placeholder
  }
  problems.add('image', 'deploy needs image (with container, when a pod has several) or containers')
  return placeholder
}
