/** Types of check-fuses.mjs (for its unit test and the electron-builder config test). */
export const HARDENED_FUSES: Readonly<Record<string, boolean>>
export function findPackagedApps(
  distDir: string,
  names: { productName: string; executableName: string },
): string[]
export function checkFuses(
  appPath: string,
): Promise<{ wireVersion: string; lines: string[]; problems: string[] }>
