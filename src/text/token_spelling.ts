/*
 * How a token string of a tokenizer's vocabulary is shown to a user: the text it stands for, worked out
 * from the string alone, so that a label stored without its tokenizer (an embedding store) reads the same
 * as a token shown through one (the co-occurrence queries).
 *
 *   byte-level BPE (GPT-2, Llama 3, Qwen): each byte is written as one character of a fixed alphabet
 *     ("Ġ" is the space, "Ċ" the line feed); "Ġchurch" is spelled " church". A string made only of that
 *     alphabet is read back as bytes, and taken when the bytes are whole UTF-8 characters without control
 *     characters other than tab, line feed and carriage return. A token holding part of a character
 *     ("Ã" alone) stays as it is, and so does a word such as "café", whose bytes are no UTF-8.
 *   SentencePiece ("▁" marks a space): "▁church" is spelled " church".
 *   anything else (WordPiece "##ing", plain words, ids): the string itself.
 */

/** Bytes 0..255 as the characters byte-level BPE writes them: printable Latin-1 as itself, the rest from U+0100 on. */
const BYTE_OF_CHAR = byteAlphabet();
const METASPACE = "\u2581";
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Control characters other than tab, line feed and carriage return (C0, DEL and C1). */
const UNWANTED_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function byteAlphabet(): Int16Array {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const byteOf = new Int16Array(0x100 + 0x100).fill(-1);
  let next = 0x100;
  for (let b = 0; b < 0x100; b++) {
    if (printable(b)) byteOf[b] = b;
    else byteOf[next++] = b;
  }
  return byteOf;
}

/** The text a token string stands for (see above); the string itself when no rule applies. */
export function tokenSpelling(token: string): string {
  const bytes = byteLevelBytes(token);
  if (bytes !== undefined) {
    const text = strictUtf8(bytes);
    if (text !== undefined && !UNWANTED_CONTROL.test(text)) return text;
    return token;
  }
  return token.includes(METASPACE) ? token.replaceAll(METASPACE, " ") : token;
}

/** The bytes of a string written in the byte-level alphabet, or undefined when it holds another character. */
function byteLevelBytes(token: string): Uint8Array | undefined {
  if (token.length === 0) return undefined;
  const bytes = new Uint8Array(token.length);
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
    if (b < 0) return undefined;
    bytes[i] = b;
  }
  return bytes;
}

function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
