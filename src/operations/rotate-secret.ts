/**
 * operation: rotate-secret — a new docker-registry secret version, the target pods moved onto it
 * (stop → rebuild → start → ready: a pod that pulls its image with the new credentials is the
 * proof they work), and only then the family's old versions that no pod uses retired.
 * A pod that fails on the new secret goes back to its previous one and nothing old is deleted.
 */
import { JdcloudError } from '../jdcloud/errors.js'
import type { SecretReport } from '../report/model.js'
import { rollFleet } from '../rollout/fleet.js'
import { planRebuildRun, planRebuilds } from '../rollout/plan.js'
import { rebuildMove } from '../rollout/rebuild-move.js'
import { previousVersion, rotationPatches } from '../secrets/rotation-plan.js'
import { familyVersions, versionName } from '../secrets/versions.js'
import { targetPods } from './context.js'
import type { OperationContext, OperationOutcome } from './context.js'
import { makeRoom, pruneOlderVersions, retireUnusedNewVersion } from './secret-cleanup.js'
import { planGate, withGate } from './gate.js'
import { rolloutOptions } from './settings.js'
import { trafficFor } from './traffic.js'
import type { RotateSecretSettings, Rotation } from './settings.js'

export async function rotateSecret(
  ctx: OperationContext,
  settings: RotateSecretSettings
): Promise<OperationOutcome> {
  const { log, cancellation, clock } = ctx
  const { rotation, targets } = settings
  const signal = cancellation.signal
  const hasTargets =
    targets.pods.length > 0 || targets.namePrefix !== undefined || targets.tags.length > 0
  const pods = hasTargets ? await targetPods(ctx, targets, 'Rotate the secret of') : []
  const newName = versionName(rotation.baseName, new Date(clock.now()))
  // Plan every pod before creating anything: a wrong target must not leave a stray secret behind.
  const plans = planRebuilds(pods, (pod, problems) =>
    rotationPatches(pod, rotation.baseName, newName, settings.container, problems)
  )
  const previousName =
    previousVersion(pods, rotation.baseName) ??
    familyVersions(
      rotation.baseName,
      (
        await ctx.secrets.describeAllSecrets([{ name: 'name', values: [rotation.baseName] }], {
          signal
        })
      ).secrets
    )[0]?.name
  const options = withGate(ctx, settings, rolloutOptions(settings, 'failed'))
  const traffic = await trafficFor(ctx, settings, pods, options)
  if (settings.dryRun) {
    const planned = planRebuildRun(plans, log, traffic)
    return {
      ...planned,
      notes: [
        ...planned.notes,
        `would create secret ${newName} and move ${pods.length} pod(s) onto it`,
        ...planGate(ctx, options, pods)
      ]
    }
  }

  cancellation.guard()
  await createVersion(ctx, rotation, newName)
  log.info(
    `Created secret ${newName}${pods.length > 0 ? `; moving ${pods.length} pod(s) onto it` : ''}`
  )
  const secret: SecretReport = {
    name: newName,
    previousName,
    versions: [
      {
        name: newName,
        createdAt: new Date(clock.now()).toISOString(),
        outcome: 'created',
        reason: 'new version'
      }
    ],
    deleted: []
  }
  const rollout = await rollFleet(ctx, plans, { ...options, traffic }, rebuildMove(ctx, options))
  if (rollout.result !== 'succeeded') {
    await retireUnusedNewVersion(ctx, newName, secret)
    return {
      ...rollout,
      secret,
      notes: [...rollout.notes, 'Every older version was left in place.']
    }
  }
  await pruneOlderVersions(ctx, rotation, newName, secret)
  return { ...rollout, secret }
}

/** createSecret; on the secret quota, first deletes the family's oldest version nothing uses. */
async function createVersion(
  ctx: OperationContext,
  rotation: Rotation,
  name: string
): Promise<void> {
  const signal = ctx.cancellation.signal
  try {
    await ctx.secrets.createSecret(name, rotation.registry, { signal })
    return
  } catch (error) {
    if (error instanceof JdcloudError && error.status === 'ALREADY_EXISTS')
      throw new Error(
        `A secret named ${name} already exists (another rotation in the same second, or one made by hand): nothing was changed; run the rotation again. (${error.message})`
      )
    if (!(error instanceof JdcloudError && error.status === 'QUOTA_EXCEEDED')) throw error
  }
  const room = await makeRoom(ctx, rotation, signal)
  if ('why' in room) {
    // The figures help; a failure to read them must not hide that the quota is full.
    const usage = await ctx.secrets
      .describeQuota('secret', { signal })
      .then(({ quota }) => ` (${quota.used} of ${quota.limit} used)`)
      .catch((error: Error) => ` (its figures could not be read: ${error.message})`)
    throw new Error(
      `The secret quota is full${usage} and ${room.why}: delete unused secrets or ask JD Cloud for a larger quota. Nothing was changed.`
    )
  }
  await ctx.secrets.createSecret(name, rotation.registry, { signal })
}
