/** Types of what eslint.layers.mjs exports (for test/unit/layering.test.ts). */
import type { Linter } from 'eslint'

/** Core files allowed their own file I/O: none since issue 12 (storage is in adapters/storage). */
export const TEMPORARY_STORAGE_EXCEPTIONS: string[]
/** Pure Node built-ins the core may import (without the node: prefix). */
export const CORE_NODE_BUILTINS: string[]
/** One no-restricted-imports zone per layer; `testFiles` are exempt from the production zones. */
export function layeringZones(testFiles: string[]): Linter.Config[]
