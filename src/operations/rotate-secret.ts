/**
 * operation: rotate-secret — a new docker-registry secret version, the target pods moved onto it
 * (stop → rebuild → start → ready: a pod that pulls its image with the new credentials is the
 * proof they work), and only then the family's old versions that no pod uses retired.
 * A pod that fails on the new secret goes back to its previous one and nothing old is deleted.
 */
import { JdcloudError } from '../jdcloud/errors.js'
import type { PodClient } from '../jdcloud/client.js'
import type { Log } from '../log.js'
import type { SecretReport, SecretVersionReport } from '../report/model.js'
import { planRebuilds, RebuildRollout } from '../rollout/rebuild-rollout.js'
import { resolveTargets } from '../rollout/targets.js'
import { planPrune, roomMakingVictim } from '../secrets/prune.js'
import { secretReferences } from '../secrets/references.js'
import { previousVersion, rotationPatches } from '../secrets/rotation-plan.js'
import { familyVersions, versionName } from '../secrets/versions.js'
import type { SecretVersion } from '../secrets/versions.js'
import type { Rotation } from '../inputs/settings.js'
import { dryRun } from './deploy.js'
import type { OperationContext, OperationOutcome } from './context.js'

export async function rotateSecret(ctx: OperationContext): Promise<OperationOutcome> {
  const { settings, client, log, cancellation, clock } = ctx
  const rotation = settings.rotation
  if (!rotation) throw new Error('rotate-secret needs its settings')
  const targets = settings.targets
  const hasTargets =
    targets.pods.length > 0 || targets.namePrefix !== undefined || targets.tags.length > 0
  const pods = hasTargets
    ? await resolveTargets(client, targets, settings.region, cancellation.signal)
    : []
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
        await client.describeAllSecrets(
          [{ name: 'name', values: [rotation.baseName] }],
          cancellation.signal
        )
      ).secrets
    )[0]?.name
  if (settings.dryRun) {
    const planned = dryRun(plans, log)
    return {
      ...planned,
      notes: [
        ...planned.notes,
        `would create secret ${newName} and move ${pods.length} pod(s) onto it`
      ]
    }
  }

  cancellation.guard()
  await createVersion(client, rotation, newName, log, cancellation.signal)
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
        fate: 'created',
        reason: 'new version'
      }
    ],
    deleted: []
  }
  const rollout = await new RebuildRollout(ctx, { ...settings, rollbackScope: 'failed' }).run(plans)
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
  client: PodClient,
  rotation: Rotation,
  name: string,
  log: Log,
  signal: AbortSignal
): Promise<void> {
  try {
    await client.createSecret(name, rotation.registry, signal)
    return
  } catch (error) {
    if (error instanceof JdcloudError && error.status === 'ALREADY_EXISTS')
      throw new Error(
        `A secret named ${name} already exists (another rotation in the same second, or one made by hand): nothing was changed; run the rotation again. (${error.message})`
      )
    if (!(error instanceof JdcloudError && error.status === 'QUOTA_EXCEEDED')) throw error
  }
  const { versions, references } = await familyAndReferences(client, rotation.baseName, signal)
  const victim = roomMakingVictim(versions, references, rotation.keep)
  if (!victim) {
    // The figures help; a failure to read them must not hide that the quota is full.
    const usage = await client
      .describeQuota('secret', signal)
      .then(({ quota }) => ` (${quota.used} of ${quota.limit} used)`)
      .catch((error: Error) => ` (its figures could not be read: ${error.message})`)
    throw new Error(
      `The secret quota is full${usage} and no version of ${rotation.baseName} can go (each is kept by keep-secrets or used by a pod): delete unused secrets or ask JD Cloud for a larger quota. Nothing was changed.`
    )
  }
  log.warning(
    `The secret quota is full: deleting ${victim.name}, an old version of ${rotation.baseName} that no pod uses`
  )
  await client.deleteSecret(victim.name, signal)
  await client.createSecret(name, rotation.registry, signal)
}

async function familyAndReferences(
  client: PodClient,
  base: string,
  signal: AbortSignal
): Promise<{ versions: SecretVersion[]; references: Map<string, string[]> }> {
  const [{ secrets }, { pods }] = await Promise.all([
    client.describeAllSecrets([{ name: 'name', values: [base] }], signal),
    client.describeAllPods({}, signal)
  ])
  return { versions: familyVersions(base, secrets), references: secretReferences(pods) }
}

/** After a failed move: the new version goes only if no pod ended up using it. */
async function retireUnusedNewVersion(
  ctx: OperationContext,
  name: string,
  secret: SecretReport
): Promise<void> {
  const { client, log, cancellation } = ctx
  const created = secret.versions[0] as SecretVersionReport
  try {
    const { pods } = await client.describeAllPods({}, cancellation.restoreSignal)
    const usedBy = secretReferences(pods).get(name)
    if (usedBy && usedBy.length > 0) {
      Object.assign(created, {
        fate: 'in-use',
        reason: 'created; kept because it is in use by',
        usedBy
      })
      return
    }
    await client.deleteSecret(name, cancellation.restoreSignal)
    Object.assign(created, {
      fate: 'deleted',
      reason: 'created, then deleted: no pod could use it'
    })
    secret.deleted.push(name)
  } catch (error) {
    log.warning(`Could not tidy up ${name}: ${(error as Error).message}`)
    Object.assign(created, {
      fate: 'delete-failed',
      reason: `could not check or delete it: ${(error as Error).message}`
    })
  }
}

async function pruneOlderVersions(
  ctx: OperationContext,
  rotation: Rotation,
  newName: string,
  secret: SecretReport
): Promise<void> {
  const { client, log, cancellation } = ctx
  const { versions, references } = await familyAndReferences(
    client,
    rotation.baseName,
    cancellation.signal
  )
  const decisions = planPrune(
    versions.filter(version => version.name !== newName),
    references,
    rotation.keep
  )
  for (const decision of decisions) {
    if (decision.fate === 'deleted') {
      try {
        cancellation.guard()
        await client.deleteSecret(decision.name, cancellation.signal)
        secret.deleted.push(decision.name)
        log.info(`Deleted ${decision.name}: ${decision.reason}`)
      } catch (error) {
        log.warning(`Could not delete ${decision.name}: ${(error as Error).message}`)
        secret.versions.push({
          ...decision,
          fate: 'delete-failed',
          reason: (error as Error).message
        })
        continue
      }
    } else
      log.info(
        `Kept ${decision.name}: ${decision.reason}${decision.usedBy ? ` ${decision.usedBy.join(', ')}` : ''}`
      )
    secret.versions.push(decision)
  }
}
