// The kubernetes.io StatefulSet tutorial manifest (fidelity doc §G) and variants used by the kubectl tests.
export const WEB_YAML = `apiVersion: v1
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
`

export const BAD_SELECTOR_YAML = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: bad
spec:
  serviceName: nginx
  selector:
    matchLabels:
      app: bar
  template:
    metadata:
      labels:
        app: foo
    spec:
      containers:
      - name: c
        image: busybox:1.28.4
`

export const UNKNOWN_FIELD_YAML = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: typo
spec:
  serviceName: nginx
  replicas: 1
  selector:
    matchLabels:
      app: typo
  template:
    metadata:
      labels:
        app: typo
    spec:
      containers:
      - name: c
        image: busybox:1.28.4
        imagee: oops
`
