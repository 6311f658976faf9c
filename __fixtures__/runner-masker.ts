// The runner's secret masking, as a test can apply it to what a step wrote: every registered value
// is replaced by *** in each form its SecretMasker knows. The encoders and their order are the
// runner's (actions/runner: src/Runner.Common/HostContext.cs adds them, the encoders are in
// src/Sdk/DTLogging/Logging/ValueEncoders.cs): raw, Base64StringEscape and its shifts by 1 and 2
// bytes, ExpressionStringEscape (' → ''), JsonStringEscape (Newtonsoft), UriDataEscape
// (Uri.EscapeDataString), XmlDataEscape (SecurityElement.Escape) and TrimDoubleQuotes. Whatever
// text this leaves a secret readable in, the runner leaves it readable too.

const b64 = (bytes: Buffer): string => bytes.toString('base64')

/** Newtonsoft's JsonConvert.ToString, quotes removed: `"` `\` and control characters escaped. */
function jsonStringEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1)
}

/** .NET's Uri.EscapeDataString: everything but RFC 3986's unreserved characters, upper-case hex. */
function uriDataEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** .NET's SecurityElement.Escape. */
function xmlDataEscape(value: string): string {
  const named: Record<string, string> = {
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&apos;',
    '&': '&amp;'
  }
  return value.replace(/[<>"'&]/g, char => named[char] as string)
}

function base64Shift(value: string, shift: number): string {
  const bytes = Buffer.from(value)
  return b64(bytes.length > shift ? bytes.subarray(shift) : bytes)
}

function trimDoubleQuotes(value: string): string {
  return value.length > 8 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : ''
}

/** Each form the runner masks for one registered value. */
export function runnerForms(secret: string): string[] {
  const forms = [
    secret,
    b64(Buffer.from(secret)),
    base64Shift(secret, 1),
    base64Shift(secret, 2),
    secret.replaceAll("'", "''"),
    jsonStringEscape(secret),
    uriDataEscape(secret),
    xmlDataEscape(secret),
    trimDoubleQuotes(secret)
  ]
  return [...new Set(forms)].filter(form => form !== '')
}

/** `text` as the runner would show it with `secrets` registered by ::add-mask::. */
export function maskLikeRunner(text: string, secrets: readonly string[]): string {
  const forms = secrets.flatMap(runnerForms).sort((a, b) => b.length - a.length)
  let out = text
  for (const form of forms) out = out.replaceAll(form, '***')
  return out
}
