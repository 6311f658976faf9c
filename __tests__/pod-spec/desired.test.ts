// What a change means for one pod: a container name the pod lacks is an input problem naming the
// input at fault, with the pod's containers, and the closest of them when the name is a near miss.
import type { Pod } from '../../src/jdcloud/types.js'
import { patchesFor } from '../../src/pod-spec/desired.js'
import { Problems } from '../../src/problems.js'

const pod: Pod = {
  podId: 'pod-web01',
  name: 'web-1',
  containers: [
    { name: 'web', image: 'a:1' },
    { name: 'sidecar', image: 'b:1' }
  ]
}

function problemsOf(change: Parameters<typeof patchesFor>[1]): readonly string[] {
  const problems = new Problems()
  patchesFor(pod, change, problems)
  return problems.messages
}

test('container: a near miss gets "did you mean"', () => {
  expect(problemsOf({ kind: 'image', container: 'wbe', image: 'a:2' })).toEqual([
    'container: pod pod-web01 (web-1) has no container "wbe" (containers: web, sidecar); did you mean web?'
  ])
})

test('containers[i].name: a near miss gets "did you mean", each entry its own', () => {
  expect(
    problemsOf({
      kind: 'patches',
      patches: [
        { name: 'web', image: 'a:2' },
        { name: 'sidecra', image: 'b:2' }
      ]
    })
  ).toEqual([
    'containers[1].name: pod pod-web01 (web-1) has no container "sidecra" (containers: web, sidecar); did you mean sidecar?'
  ])
})

test('a name far from every container gets the list alone', () => {
  expect(problemsOf({ kind: 'image', container: 'database', image: 'a:2' })).toEqual([
    'container: pod pod-web01 (web-1) has no container "database" (containers: web, sidecar)'
  ])
})
