// Shared manifests and waits for the get/describe golden suites. Pods are pinned to one worker with a nodeSelector
// so both runners' pods land on the same node: NODE columns and events then match without a normalizer. Services
// are headless: an allocated ClusterIP would differ between the runners' namespaces (and shift column widths).
import type { Runners } from './harness'

export const APP = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
  labels:
    tier: backend
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      nodeSelector:
        kubernetes.io/hostname: ordinal-worker
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello
  labels:
    app: hello
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hello
  template:
    metadata:
      labels:
        app: hello
    spec:
      nodeSelector:
        kubernetes.io/hostname: ordinal-worker2
      containers:
      - name: hello
        image: busybox:1.28
        command: ["sleep", "3600"]
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
          limits:
            memory: 128Mi
        env:
        - name: GREETING
          value: hi
---
apiVersion: v1
kind: Service
metadata:
  name: hello
spec:
  clusterIP: None
  selector:
    app: hello
  ports:
  - port: 8080
    targetPort: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels:
    app: hello
  annotations:
    note: "<settings & more>"
data:
  mode: fast
  script: |
    echo one
    echo two
`

async function waitOurs(r: Runners, args: string[], ok: (out: string) => boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const res = await r.ours(args)
    if (ok(res.stdout)) return
    await new Promise((done) => setTimeout(done, 100))
  }
}

/** Wait until the StatefulSet and Deployment are rolled out in both runners' namespaces. */
export async function appReady(r: Runners): Promise<void> {
  for (const ns of ['ns-a', 'ns-b']) {
    if (r.haveReal) {
      await r.real(['rollout', 'status', 'sts/web', '-n', ns, '--timeout=60s'])
      await r.real(['rollout', 'status', 'deploy/hello', '-n', ns, '--timeout=60s'])
    }
    await waitOurs(r, ['get', 'sts', 'web', '-n', ns], (s) => /web\s+2\/2\s/.test(s))
    await waitOurs(r, ['get', 'deploy', 'hello', '-n', ns], (s) => /hello\s+1\/1\s/.test(s))
  }
}
