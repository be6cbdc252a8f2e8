// What a describer gets: the object, its events (null with --show-events=false) and a way to read related objects.
export interface DescribeContext {
  /** GET a path; resolves null on 404 (a related object or API the server does not have). */
  get(path: string, query?: Record<string, string | undefined>): Promise<any | null>
  /** The error text of a failed GET, for lines like "Lease: Failed to get lease: …". */
  getOrError(path: string): Promise<{ body: any } | { error: string }>
}

export type Describer = (o: any, events: any[] | null, ctx: DescribeContext) => Promise<string>
