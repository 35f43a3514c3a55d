/**
 * Verification codes (验证码) of completion certificates: 80 random bits in Crockford's base32,
 * printed in four groups of four (`7K3M-9QXA-2F8R-WD5N`). The alphabet has no I, L, O or U, so a
 * code read aloud or copied by hand survives; lookups accept the usual confusions back.
 */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_BYTES = 10;
const CODE_LENGTH = 16;
const GROUP = 4;

/** The code for 10 random bytes (the caller draws them from a CSPRNG: the code is the only secret). */
export function codeFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== CODE_BYTES) throw new Error(`a certificate code needs ${CODE_BYTES} random bytes`);
  let bits = 0;
  let value = 0;
  let symbols = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      symbols += CODE_ALPHABET.charAt((value >>> bits) & 31);
    }
    value &= (1 << bits) - 1;
  }
  return group(symbols);
}

/**
 * The canonical form of what someone typed, or null when it cannot be a code: case, spaces and
 * dashes do not matter; O reads as 0, I and L as 1 (Crockford's decoding rules).
 */
export function normaliseCode(input: string): string | null {
  const symbols = input
    .toUpperCase()
    .replace(/[\s\-_\u2010-\u2015\u3000]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (symbols.length !== CODE_LENGTH) return null;
  for (const symbol of symbols) if (!CODE_ALPHABET.includes(symbol)) return null;
  return group(symbols);
}

const group = (symbols: string): string =>
  Array.from({ length: symbols.length / GROUP }, (_, i) => symbols.slice(i * GROUP, (i + 1) * GROUP)).join(
    '-',
  );
