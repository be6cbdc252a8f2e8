// get's flags and examples, kept apart from the command so get.ts stays about behaviour.
import type { FlagDef } from '../flags'

export const GET_FLAGS: FlagDef[] = [
  { name: 'output', short: 'o', type: 'string', usage: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide).' },
  { name: 'template', type: 'string', usage: 'Template (JSONPath or Go template) used with -o jsonpath / -o go-template when no "=TEMPLATE" is given.' },
  { name: 'selector', short: 'l', type: 'string', usage: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin' and 'exists' (e.g. -l key1=value1,key2 or -l 'tier in (a,b)')." },
  { name: 'field-selector', type: 'string', usage: 'Selector (field query) to filter on, e.g. --field-selector metadata.name=web-0. The server decides which fields it supports.' },
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'List the objects of every namespace, with a NAMESPACE column. -n is ignored.' },
  { name: 'watch', short: 'w', type: 'bool', usage: 'After listing, keep watching and print a row for every change.' },
  { name: 'watch-only', type: 'bool', usage: 'Watch for changes without listing first.' },
  { name: 'output-watch-events', type: 'bool', usage: 'With --watch or --watch-only, add an EVENT column (ADDED, MODIFIED, DELETED).' },
  { name: 'show-labels', type: 'bool', usage: 'Add a LABELS column with all labels of each object.' },
  { name: 'label-columns', short: 'L', type: 'stringArray', usage: 'Add a column per label key (comma-separated or repeated); the header is the key\'s last segment.' },
  { name: 'sort-by', type: 'string', usage: "Sort the list by a field given as a JSONPath, e.g. '{.metadata.name}' or .metadata.creationTimestamp." },
  { name: 'no-headers', type: 'bool', usage: 'Leave out the header row of tables and custom columns.' },
  { name: 'show-kind', type: 'bool', usage: 'Prefix names with their type even when only one type is listed.' },
  { name: 'ignore-not-found', type: 'bool', usage: 'Treat "not found" for named objects as success and print nothing for them.' },
  { name: 'show-managed-fields', type: 'bool', usage: 'Keep metadata.managedFields in json, yaml and template output.' },
  { name: 'chunk-size', type: 'int', default: 500, usage: 'Ask the server for large lists in pages of this size; 0 asks for everything at once.' },
]

export const GET_EXAMPLES = `  # List the pods of the current namespace
  kubectl get pods

  # The same, with the node and IP of each pod
  kubectl get pods -o wide

  # A StatefulSet and its pods, then keep watching them change
  kubectl get pods -l app=nginx -w

  # Several types at once, or the usual set with "all"
  kubectl get sts,svc,pods
  kubectl get all

  # One object as YAML or JSON
  kubectl get sts web -o yaml

  # Only the names, one per line, for scripts
  kubectl get pods -o name

  # The pod IPs through a JSONPath template
  kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.podIP}{"\\n"}{end}'

  # Your own columns
  kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName

  # Every namespace, sorted by creation time, with the app label as a column
  kubectl get pods -A --sort-by=.metadata.creationTimestamp -L app`
