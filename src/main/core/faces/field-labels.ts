/**
 * Words for flat traveller fields (`address.Home.city` → "Address Home: city") and the masking
 * of document numbers on screen: the traveller detail shows a passport number as its last three
 * characters, enough to compare both sides without putting the whole number on a shared screen.
 */

const PART_WORDS: Record<string, string> = {
  street: 'street',
  city: 'city',
  postalCode: 'postal code',
  countryCode: 'country',
  number: 'number',
  nationality: 'nationality',
  expiration: 'expiry',
}

const LOYALTY_WORDS: Record<string, string> = { air: 'Air', car: 'Car', hotel: 'Hotel', rail: 'Rail' }

/** A label a support-desk user reads for a flat field path. */
export function fieldLabel(field: string): string {
  const dot = field.indexOf('.')
  const head = dot < 0 ? field : field.slice(0, dot)
  const rest = dot < 0 ? '' : field.slice(dot + 1)
  const [a = '', b = ''] = splitOnce(rest)
  switch (head) {
    case 'name':
      return rest === 'first' ? 'First name' : rest === 'middle' ? 'Middle name' : 'Last name'
    case 'employeeId':
      return 'Employee ID'
    case 'email':
      return `E-mail (${rest})`
    case 'phone':
      return `Phone (${rest})`
    case 'address':
      return `Address ${a}: ${PART_WORDS[b] ?? b}`
    case 'passport':
      return `Passport ${Number(a) + 1}: ${PART_WORDS[b] ?? b}`
    case 'loyalty':
      return `${LOYALTY_WORDS[a] ?? a} loyalty (${b})`
    case 'custom':
      return `Custom field ${rest}`
    default:
      return field
  }
}

function splitOnce(s: string): [string, string] {
  const i = s.indexOf('.')
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)]
}

/** True for fields shown masked. */
export function isMaskedField(field: string): boolean {
  return field.startsWith('passport.') && field.endsWith('.number')
}

/** The value as shown: document numbers as `•••123`. */
export function displayValue(field: string, value: string | null): string | null {
  if (value === null || !isMaskedField(field)) return value
  return value.length <= 3 ? '•••' : `•••${value.slice(-3)}`
}
