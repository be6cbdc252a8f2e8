import { describe, expect, it } from 'vitest'
import { parseKubectl, splitCommands } from '../../src-main/lessons/checks/command-line'

describe('splitCommands', () => {
  it('splits on operators and honours quotes', () => {
    expect(splitCommands(`kubectl get pods -l 'app=nginx' | grep web && echo "a | b"; X=1 kubectl get sts # comment`)).toEqual([
      ['kubectl', 'get', 'pods', '-l', 'app=nginx'],
      ['grep', 'web'],
      ['echo', 'a | b'],
      ['kubectl', 'get', 'sts'],
    ])
  })
})

describe('parseKubectl', () => {
  const p = (line: string) => parseKubectl(splitCommands(line)[0].slice(1))!

  it('normalizes resource aliases and kind/name forms', () => {
    for (const line of ['kubectl get sts web', 'kubectl get statefulset web', 'kubectl get statefulsets.apps web', 'kubectl get statefulset/web'])
      expect(p(line), line).toMatchObject({ verb: 'get', resources: ['statefulsets'], names: ['web'] })
    expect(p('kubectl get svc,po')).toMatchObject({ resources: ['services', 'pods'], names: [] })
  })

  it('normalizes watch and selector flags in every spelling', () => {
    for (const line of ['kubectl get pods -w -l app=nginx', 'kubectl get pods --watch --selector=app=nginx', 'kubectl get po -wl app=nginx', 'kubectl -l app=nginx get pods --watch=true'])
      expect(p(line).flags, line).toMatchObject({ watch: true, selector: 'app=nginx' })
    expect(p('kubectl get pods --watch=false').flags.watch).toBe(false)
  })

  it('parses kubectl run with -it, --rm and the container command', () => {
    const c = p('kubectl run -i --tty --image busybox:1.28.4 dns-test --restart=Never --rm /bin/sh')
    expect(c).toMatchObject({ verb: 'run', names: ['dns-test'], args: ['/bin/sh'] })
    expect(c.flags).toMatchObject({ stdin: true, tty: true, image: 'busybox:1.28.4', restart: 'Never', rm: true })
    expect(p('kubectl run dns-test -it --image=busybox -- nslookup web-0.nginx')).toMatchObject({ names: ['dns-test'], args: ['nslookup', 'web-0.nginx'], flags: { stdin: true, tty: true } })
  })

  it('parses create subcommands and exec', () => {
    expect(p('kubectl create deployment web --image=nginx --replicas=2')).toMatchObject({ verb: 'create', resources: ['deployments'], names: ['web'] })
    expect(p('kubectl create service clusterip nginx --tcp=80:80')).toMatchObject({ resources: ['services'], names: ['nginx'] })
    expect(p('kubectl create -f statefulset-demo.yaml')).toMatchObject({ verb: 'create', resources: [], flags: { filename: 'statefulset-demo.yaml' } })
    expect(p('kubectl exec web-0 -- hostname')).toMatchObject({ verb: 'exec', names: ['web-0'], args: ['hostname'] })
    expect(p('kubectl rollout status sts/web')).toMatchObject({ verb: 'rollout status', resources: ['statefulsets'], names: ['web'] })
  })
})

describe('parseKubectl: value-taking flags written with a space', () => {
  const p = (line: string) => parseKubectl(splitCommands(line)[0].slice(1))!

  it('-L takes a value (label columns), it is not a boolean', () => {
    expect(p('kubectl get pods -L app web-0')).toMatchObject({ resources: ['pods'], names: ['web-0'], flags: { 'label-columns': 'app' } })
    expect(p('kubectl get pods -Lapp')).toMatchObject({ names: [], flags: { 'label-columns': 'app' } })
    expect(p('kubectl get pods --label-columns app')).toMatchObject({ names: [], flags: { 'label-columns': 'app' } })
  })

  it('every value-taking short flag of kubectl get keeps its value out of the names', () => {
    const cases: [string, string, string][] = [
      ['-l', 'selector', 'app=nginx'],
      ['-o', 'output', 'wide'],
      ['-n', 'namespace', 'kube-system'],
      ['-f', 'filename', 'web.yaml'],
      ['-L', 'label-columns', 'app'],
      ['-k', 'kustomize', 'dir'],
      ['-s', 'server', 'https://x'],
      ['-v', 'v', '6'],
    ]
    for (const [short, long, value] of cases) {
      expect(p(`kubectl get pods ${short} ${value}`), short).toMatchObject({ verb: 'get', resources: ['pods'], names: [], flags: { [long]: value } })
      expect(p(`kubectl get pods ${short}=${value}`), `${short}=`).toMatchObject({ names: [], flags: { [long]: value } })
    }
    // Booleans stay booleans and the next word is a name.
    expect(p('kubectl get pods -w web-0')).toMatchObject({ names: ['web-0'], flags: { watch: true } })
    expect(p('kubectl get pods -A -o name')).toMatchObject({ names: [], flags: { 'all-namespaces': true, output: 'name' } })
  })

  it('-c takes a container name in exec and logs; -p is --previous for logs and --patch elsewhere', () => {
    expect(p('kubectl exec web-0 -c nginx -- ls')).toMatchObject({ verb: 'exec', names: ['web-0'], args: ['ls'], flags: { container: 'nginx' } })
    expect(p('kubectl logs -c nginx web-0')).toMatchObject({ verb: 'logs', names: ['web-0'], flags: { container: 'nginx' } })
    expect(p('kubectl logs -p web-0')).toMatchObject({ verb: 'logs', names: ['web-0'], flags: { previous: true } })
    expect(p(`kubectl patch sts web -p '{"spec":{}}'`)).toMatchObject({ verb: 'patch', names: ['web'], flags: { patch: '{"spec":{}}' } })
  })

  it('long value flags written with a space: --sort-by, --template', () => {
    expect(p('kubectl get pods --sort-by .metadata.name')).toMatchObject({ names: [], flags: { 'sort-by': '.metadata.name' } })
  })
})
