/** One scrape of a server's /metrics, parsed: series by `name{labels}` as Prometheus prints them, and each family's TYPE. */
export interface Scrape {
  text: string;
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Family name -> counter | gauge | histogram | ... */
  types: Map<string, string>;
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  const text = await res.text();
  const series = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1]!, type[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)/.exec(line);
    if (m) series.set(`${m[1]}${normalize(m[2] ?? '')}`, Number(m[3]));
  }
  return {
    text,
    types,
    value: (name, labels = {}) => series.get(`${name}${keyOf(labels)}`),
  };
}

function keyOf(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function normalize(braced: string): string {
  if (braced === '') return '';
  const labels: Record<string, string> = {};
  for (const m of braced.slice(1, -1).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!;
  return keyOf(labels);
}
