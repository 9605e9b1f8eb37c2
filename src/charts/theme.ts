import type { Config } from 'vega-lite';

export interface ThemeColors {
  readonly fg: string;
  readonly muted: string;
  readonly border: string;
  readonly accent: string;
}

/** The app's theme colours (src/styles.css custom properties) as the element sees them. */
export function readThemeColors(element: Element): ThemeColors {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return { fg: read('--fg', '#1f2328'), muted: read('--muted', '#656d76'), border: read('--border', '#d0d7de'), accent: read('--accent', '#2563eb') };
}

/** A Vega-Lite config drawing text, axes and the default mark in the theme's colours, on the page's background. */
export function themeConfig(colors: ThemeColors): Config {
  const axis = { labelColor: colors.muted, titleColor: colors.fg, gridColor: colors.border, domainColor: colors.muted, tickColor: colors.muted };
  return {
    background: 'transparent',
    axis,
    legend: { labelColor: colors.muted, titleColor: colors.fg },
    title: { color: colors.fg },
    view: { stroke: colors.border },
    mark: { color: colors.accent },
  };
}
