import { describe, expect, it } from 'vitest'
import { commandFromCode, typedInput } from '../../src-renderer/lib/commands'

describe('commandFromCode', () => {
  it('accepts a single kubectl line', () => {
    expect(commandFromCode('kubectl get pods -w -l app=nginx')).toBe('kubectl get pods -w -l app=nginx')
  })
  it('drops a copied prompt and surrounding space', () => {
    expect(commandFromCode('  $ kubectl create -f statefulset-demo.yaml \n')).toBe('kubectl create -f statefulset-demo.yaml')
  })
  it('rejects multi-line code (YAML, outputs)', () => {
    expect(commandFromCode('apiVersion: v1\nkind: Service')).toBeNull()
    expect(commandFromCode('kubectl get pods\nkubectl get pvc')).toBeNull()
  })
  it('rejects code that is not a command (keys, file names, empty)', () => {
    expect(commandFromCode('clusterIP: None')).toBeNull()
    expect(commandFromCode('statefulset-demo.yaml')).toBeNull()
    expect(commandFromCode('web-0.nginx')).toBeNull()
    expect(commandFromCode('   ')).toBeNull()
  })
  it('accepts container-shell commands a lesson asks for', () => {
    expect(commandFromCode('nslookup web-0.nginx')).toBe('nslookup web-0.nginx')
  })
})

describe('typedInput', () => {
  it('never presses Enter or sends control keys for the learner', () => {
    expect(typedInput('kubectl get pods\r\n')).toBe('kubectl get pods')
    expect(typedInput('echo \u0003hi\u001b[A')).toBe('echo hi[A')
  })
  it('keeps ordinary and CJK text as is', () => {
    expect(typedInput("echo '你好 web-0'")).toBe("echo '你好 web-0'")
  })
})
