// kubectl describe for pods and pod templates (containers, volumes), following kubectl 1.32's layout.
import { DescribeWriter, labelsMultiline, annotationsMultiline, tolerationsMultiline, describeEvents, rfc1123z, since } from './describe-format'

export function describePod(pod: any, events: any[] | null): string {
  const w = new DescribeWriter()
  const spec = pod.spec ?? {}
  const status = pod.status ?? {}
  w.write(0, `Name:\t${pod.metadata.name}\n`)
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`)
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`)
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`)
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`)
  if (spec.serviceAccountName) w.write(0, `Service Account:\t${spec.serviceAccountName}\n`)
  w.write(0, spec.nodeName ? `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n` : 'Node:\t<none>\n')
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`)
  labelsMultiline(w, 'Labels', pod.metadata.labels)
  annotationsMultiline(w, 'Annotations', pod.metadata.annotations)
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(0, `Status:\tTerminating (lasts ${since(pod.metadata.deletionTimestamp)})\n`)
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`)
  } else {
    w.write(0, `Status:\t${status.phase ?? ''}\n`)
  }
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`)
  if (status.message) w.write(0, `Message:\t${status.message}\n`)
  w.write(0, `IP:\t${status.podIP ?? ''}\n`)
  const ips = status.podIPs ?? []
  if (ips.length === 0) w.write(0, 'IPs:\t<none>\n')
  else {
    w.write(0, 'IPs:\n')
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`)
  }
  const owner = (pod.metadata.ownerReferences ?? []).find((o: any) => o.controller)
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`)
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`)
  if ((spec.initContainers ?? []).length) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, '')
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses, '')
  if ((spec.readinessGates ?? []).length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n')
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType)
      w.write(1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`)
    }
  }
  if ((status.conditions ?? []).length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n')
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status} \n`)
  }
  describeVolumes(w, spec.volumes, '')
  w.write(0, `QoS Class:\t${status.qosClass ?? qosOf(spec)}\n`)
  labelsMultiline(w, 'Node-Selectors', spec.nodeSelector)
  tolerationsMultiline(w, 'Tolerations', spec.tolerations)
  describeEvents(w, events)
  return w.toString()
}

function qosOf(spec: any): string {
  const all = [...(spec.containers ?? []), ...(spec.initContainers ?? [])]
  const any = all.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length)
  if (!any) return 'BestEffort'
  const guaranteed = all.every((c) => ['cpu', 'memory'].every((r) => c.resources?.limits?.[r] && (c.resources?.requests?.[r] ?? c.resources.limits[r]) === c.resources.limits[r]))
  return guaranteed ? 'Guaranteed' : 'Burstable'
}

export function describeContainers(w: DescribeWriter, label: string, containers: any[], statuses: any[] | undefined, space: string): void {
  if (containers.length === 0) { w.write(0, `${space}${label}: <none>\n`); return }
  w.write(0, `${space}${label}:\n`)
  for (const c of containers) {
    const st = (statuses ?? []).find((s: any) => s.name === c.name)
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`)
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`)
    w.write(2, `Image:\t${c.image ?? ''}\n`)
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`)
    const ports = (c.ports ?? []).map((p: any) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ')
    w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`)
    const hostPorts = (c.ports ?? []).map((p: any) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ')
    w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`)
    if ((c.command ?? []).length) {
      w.write(2, 'Command:\n')
      for (const s of c.command) for (const l of String(s).split('\n')) w.write(3, `${l}\n`)
    }
    if ((c.args ?? []).length) {
      w.write(2, 'Args:\n')
      for (const s of c.args) for (const l of String(s).split('\n')) w.write(3, `${l}\n`)
    }
    if (st) {
      containerState(w, 'State', st.state)
      if (st.lastState?.terminated) containerState(w, 'Last State', st.lastState)
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`)
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`)
    }
    describeResources(w, c.resources)
    for (const [title, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
      if (probe) w.write(2, `${title}:\t${describeProbe(probe)}\n`)
    }
    const env = c.env ?? []
    w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`)
    for (const e of env) {
      if (e.valueFrom) {
        const f = e.valueFrom.fieldRef
        if (f) w.write(3, `${e.name}:\t (${f.apiVersion ?? 'v1'}:${f.fieldPath})\n`)
        else w.write(3, `${e.name}:\t<set from a reference>\n`)
        continue
      }
      String(e.value ?? '').split('\n').forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`))
    }
    const mounts = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0))
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`)
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw']
      if (m.subPath) flags.push(`path=${JSON.stringify(m.subPath)}`)
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`)
    }
  }
}

function describeResources(w: DescribeWriter, res: any): void {
  for (const [title, list] of [['Limits', res?.limits], ['Requests', res?.requests]] as const) {
    const keys = Object.keys(list ?? {}).sort()
    if (!keys.length) continue
    w.write(2, `${title}:\n`)
    for (const k of keys) w.write(3, `${k}:\t${list[k]}\n`)
  }
}

function containerState(w: DescribeWriter, name: string, state: any): void {
  if (state?.running) {
    w.write(2, `${name}:\tRunning\n`)
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`)
  } else if (state?.waiting) {
    w.write(2, `${name}:\tWaiting\n`)
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}\n`)
  } else if (state?.terminated) {
    const t = state.terminated
    w.write(2, `${name}:\tTerminated\n`)
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`)
    if (t.message) w.write(3, `Message:\t${t.message}\n`)
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`)
    if (t.signal > 0) w.write(3, `Signal:\t${t.signal}\n`)
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`)
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`)
  } else {
    w.write(2, `${name}:\tWaiting\n`)
  }
}

export function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`
  if (p.httpGet) {
    const h = p.httpGet
    const port = h.port !== undefined ? String(h.port) : ''
    const host = port ? `${h.host ?? ''}:${port}` : (h.host ?? '')
    return `http-get ${String(h.scheme ?? 'HTTP').toLowerCase()}://${host}${h.path ?? ''} ${attrs}`
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`
  return `unknown ${attrs}`
}

export function describeVolumes(w: DescribeWriter, volumes: any[] | undefined, space: string): void {
  if (!volumes?.length) { w.write(0, `${space}Volumes:\t<none>\n`); return }
  w.write(0, `${space}Volumes:\n`)
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`)
    if (v.persistentVolumeClaim) {
      w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly ? 'true' : 'false'}\n`)
    } else if (v.emptyDir) {
      w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`)
    } else if (v.hostPath) {
      w.write(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type || '<none>'}\n`)
    } else if (v.configMap) {
      w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name}\n    Optional:\t${v.configMap.optional ?? false}\n`)
    } else if (v.secret) {
      w.write(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName}\n    Optional:\t${v.secret.optional ?? false}\n`)
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n')
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3607}\n`)
        else if (s.configMap) w.write(2, `ConfigMapName:\t${s.configMap.name}\n    ConfigMapOptional:\t${s.configMap.optional ?? '<nil>'}\n`)
        else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n')
        else if (s.secret) w.write(2, `SecretName:\t${s.secret.name}\n    SecretOptionalName:\t${s.secret.optional ?? '<nil>'}\n`)
      }
    } else {
      w.write(2, 'Type:\t<unknown>\n')
    }
  }
}
