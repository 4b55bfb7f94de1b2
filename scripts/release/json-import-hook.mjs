/**
 * Module hook: lets Node 20 load @actions/workflow-parser, whose ESM build imports its JSON
 * schema without `with { type: 'json' }` (bundlers accept that; Node's loader does not).
 * Registered by validate-workflows.mjs through module.register().
 */
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json') && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
  }
  return nextLoad(url, context)
}
