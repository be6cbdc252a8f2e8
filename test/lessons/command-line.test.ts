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
