/**
 * Imported first by the renderer entry, before any zod schema exists: the page's CSP forbids eval,
 * and zod probes `new Function` when it builds an object schema unless told not to. The probe is
 * caught, but the browser still reports a CSP violation.
 */
import { z } from 'zod'

z.config({ jitless: true })
