// vega-statistics (a dependency of vega) ships no types; the one function the binning test uses.
declare module 'vega-statistics' {
  export function bin(options: { readonly extent: readonly [number, number]; readonly maxbins?: number }): { start: number; stop: number; step: number };
}
