// The pod service (pod v1) as JD Cloud's official SDKs define it: one table of its models (sent:
// pod-spec-models.ts; read: pod-models.ts, pod-container-models.ts; shared: common-models.ts)
// and one of its calls (pod-calls.ts). Written from the SDKs, not from our client or emulator,
// so that both can be checked against it.
import { Charge, ErrorResponse, Filter } from './common-models.js'
import { podContainerModels } from './pod-container-models.js'
import { podReadModels } from './pod-models.js'
import { podSpecModels } from './pod-spec-models.js'
import type { ModelTable } from './schema.js'
import { fieldPaths, modelTable, validate } from './schema.js'

export { podCalls } from './pod-calls.js'

export const podModels: ModelTable = modelTable(
  ...podSpecModels,
  ...podReadModels,
  ...podContainerModels,
  Filter,
  ErrorResponse,
  Charge
)

/** Problems of `value` read as the pod model `modelName`; see schema.ts `validate`. */
export const validatePod = (modelName: string, value: unknown, path = ''): string[] =>
  validate(podModels, modelName, value, path)

/** Every field path below the pod model `modelName`, e.g. `livenessProbe.httpGet.port`. */
export const podFieldPaths = (modelName: string): string[] => fieldPaths(podModels, modelName)
