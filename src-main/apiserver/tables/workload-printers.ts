// Tables for the controllers the tutorial touches: StatefulSets, Deployments, ReplicaSets, ControllerRevisions.
import { ageSince } from './human-duration'
import { ageCol, col, containerImages, containerNames, formatSelector, nameCol, type Printer } from './types'

const containersCol = col('Containers', 'string', 'Container names in the pod template.', 1)
const imagesCol = col('Images', 'string', 'Container images in the pod template.', 1)
const selectorCol = col('Selector', 'string', 'Label selector for the pods it manages.', 1)

export const statefulSetPrinter: Printer = {
  columns: [nameCol('statefulset'), col('Ready', 'string', 'Ready pods out of desired replicas.'), ageCol, containersCol, imagesCol],
  row: (o, now) => [
    o.metadata.name ?? '',
    `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
    ageSince(o.metadata.creationTimestamp, now),
    containerNames(o.spec?.template),
    containerImages(o.spec?.template),
  ],
}

export const deploymentPrinter: Printer = {
  columns: [
    nameCol('deployment'),
    col('Ready', 'string', 'Ready pods out of desired replicas.'),
    col('Up-to-date', 'integer', 'Pods running the latest template.'),
    col('Available', 'integer', 'Pods available to serve.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  row: (o, now) => [
    o.metadata.name ?? '',
    `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
    o.status?.updatedReplicas ?? 0,
    o.status?.availableReplicas ?? 0,
    ageSince(o.metadata.creationTimestamp, now),
    containerNames(o.spec?.template),
    containerImages(o.spec?.template),
    formatSelector(o.spec?.selector),
  ],
}

export const replicaSetPrinter: Printer = {
  columns: [
    nameCol('replicaset'),
    col('Desired', 'integer', 'Replicas wanted.'),
    col('Current', 'integer', 'Replicas that exist.'),
    col('Ready', 'integer', 'Replicas that are ready.'),
    ageCol,
    containersCol,
    imagesCol,
    selectorCol,
  ],
  row: (o, now) => [
    o.metadata.name ?? '',
    o.spec?.replicas ?? 1,
    o.status?.replicas ?? 0,
    o.status?.readyReplicas ?? 0,
    ageSince(o.metadata.creationTimestamp, now),
    containerNames(o.spec?.template),
    containerImages(o.spec?.template),
    formatSelector(o.spec?.selector),
  ],
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameCol('controller revision'),
    col('Controller', 'string', 'The object that owns this revision.'),
    col('Revision', 'integer', 'Revision number.'),
    ageCol,
  ],
  row: (o, now) => {
    const owner = (o.metadata.ownerReferences ?? []).find((r) => r.controller)
    let controller = '<none>'
    if (owner) {
      const group = owner.apiVersion.includes('/') ? owner.apiVersion.split('/')[0] : ''
      controller = `${owner.kind.toLowerCase()}${group ? '.' + group : ''}/${owner.name}`
    }
    return [o.metadata.name ?? '', controller, o.revision ?? 0, ageSince(o.metadata.creationTimestamp, now)]
  },
}
