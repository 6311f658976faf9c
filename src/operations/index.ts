import type { OperationContext, OperationOutcome } from './context.js'
import { deploy } from './deploy.js'

export async function runOperation(ctx: OperationContext): Promise<OperationOutcome> {
  switch (ctx.settings.operation) {
    case 'deploy':
      return deploy(ctx)
    default:
      throw new Error(`operation ${ctx.settings.operation} is not available yet`)
  }
}
