/**
 * The Travel Profile v2 XML of the Concur client, in three parts: the schema order and field maps
 * (profile-schema.ts), parsing (profile-parse.ts, with `<Error>` documents in
 * profile-error-element.ts) and serialising for POST (profile-serialise.ts).
 */
export { errorFromErrorElement } from './profile-error-element'
export { parseProfileXml } from './profile-parse'
export { serializeProfileForPost } from './profile-serialise'
