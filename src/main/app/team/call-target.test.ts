import { describe, expect, it } from 'vitest'
import { createCallTarget } from './call-target'

/** A lookup over one known token, counting what it was asked. */
function lookup() {
  const asked = { tokens: [] as string[], names: [] as string[] }
  const target = createCallTarget({
    entityOfToken: async (tokenId) => {
      asked.tokens.push(tokenId)
      return Promise.resolve(tokenId === 't1' ? 'e1' : null)
    },
    entityName: async (entityId) => {
      asked.names.push(entityId)
      return Promise.resolve(entityId === 'e1' ? 'Nordlicht Reisen AG' : null)
    },
  })
  return { target, asked }
}

describe('the entity a call names', () => {
  it('looks up the one token a call names, and its entity', async () => {
    const { target, asked } = lookup()
    expect(await target({ tokenId: 't1' })).toEqual({ entityId: 'e1', entityName: 'Nordlicht Reisen AG' })
    expect(asked).toEqual({ tokens: ['t1'], names: ['e1'] })
  })

  it('takes an entity id as given, without a token lookup', async () => {
    const { target, asked } = lookup()
    expect(await target({ entityId: 'e2', tokenId: 't1' })).toEqual({ entityId: 'e2', entityName: null })
    expect(asked.tokens).toEqual([])
  })

  it('names nothing for an unknown token or a call without either', async () => {
    const { target, asked } = lookup()
    expect(await target({ tokenId: 'gone' })).toBeNull()
    expect(await target({ name: 'anna' })).toBeNull()
    expect(asked.names).toEqual([])
  })
})
